// Works out a container's variables: Dockerfile values, config.toml secrets, then `server env`.
import { MypaasError } from '../../core/errors.js';
import type { ServiceSpec } from '../../parse/spec.js';

/** Where the values come from; `secrets` is config.toml `[env]`, `overrides` is `server env`. */
export interface EnvSources {
  secrets: Record<string, string>;
  overrides: Record<string, string>;
  configFile: string;
}

/** The app's own variables; a bare key missing from config.toml fails before anything starts. */
export function resolveEnv(spec: ServiceSpec, sources: EnvSources): Record<string, string> {
  const variables: Record<string, string> = {};
  const missing: string[] = [];
  for (const [key, value] of Object.entries(spec.env)) {
    if (value !== null) variables[key] = value;
    else if (Object.hasOwn(sources.overrides, key)) continue;
    else if (Object.hasOwn(sources.secrets, key)) variables[key] = sources.secrets[key] ?? '';
    else missing.push(key);
  }
  if (missing.length > 0) {
    const list = missing.join(', ');
    throw new MypaasError(
      'SECRET_MISSING',
      `${spec.service} needs ${list} from ${sources.configFile} [env], which does not set ${missing.length === 1 ? 'it' : 'them'}`,
      {
        hint: `add ${missing.map((k) => `${k} = "…"`).join(', ')} under [env] in ${sources.configFile}, or set ${missing.length === 1 ? 'it' : 'them'} with: mypaas server env ${spec.service} set ${missing[0]}=…`,
      },
    );
  }
  return { ...variables, ...sources.overrides };
}
