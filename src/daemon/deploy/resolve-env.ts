// Works out a container's variables: Dockerfile values, config.toml secrets, then `server env`.
import type { Secret } from '../../config/schema.js';
import { MypaasError } from '../../core/errors.js';
import type { ServiceSpec } from '../../parse/spec.js';
import { mayReadSecret, secretNotGranted } from '../policy/secret-grants.js';

/** Where the values come from; `secrets` is config.toml `[env]`, `overrides` is `server env`. */
export interface EnvSources {
  secrets: Record<string, Secret>;
  overrides: Record<string, string>;
  configFile: string;
  /** Whether a deployer can run code in the service (isConfined): it reads granted secrets only. */
  confined: boolean;
}

/** The app's own variables; a bare key missing from config.toml, or not granted to the service,
 * fails before anything is built or started. */
export function resolveEnv(spec: ServiceSpec, sources: EnvSources): Record<string, string> {
  const { variables, missing } = readSecrets(spec, sources);
  if (missing.length > 0) {
    const list = missing.join(', ');
    throw new MypaasError(
      'SECRET_MISSING',
      `${spec.service} needs ${list} from ${sources.configFile} [env], which does not set ${missing.length === 1 ? 'it' : 'them'}`,
      {
        hint: `add ${missing.map((k) => addLine(k, spec.service, sources.confined)).join(', ')} under [env] in ${sources.configFile}, or set ${missing.length === 1 ? 'it' : 'them'} with: mypaas server env ${spec.service} set ${missing[0]}=…`,
      },
    );
  }
  return { ...variables, ...sources.overrides };
}

/** SECRET_NOT_GRANTED if the spec takes a secret the service may not read: `start` checks the
 * containers it would start again, whose variables were resolved when they were made. */
export function assertSecretsGranted(spec: ServiceSpec, sources: EnvSources): void {
  readSecrets(spec, sources);
}

// Sorts the bare keys into values, missing keys, and keys the service may not read (thrown).
function readSecrets(
  spec: ServiceSpec,
  sources: EnvSources,
): { variables: Record<string, string>; missing: string[] } {
  const variables: Record<string, string> = {};
  const missing: string[] = [];
  const withheld: string[] = [];
  for (const [key, value] of Object.entries(spec.env)) {
    const secret = Object.hasOwn(sources.secrets, key) ? sources.secrets[key] : undefined;
    if (value !== null) variables[key] = value;
    else if (Object.hasOwn(sources.overrides, key)) continue;
    else if (!secret) missing.push(key);
    else if (!mayReadSecret(secret, spec.service, sources.confined)) withheld.push(key);
    else variables[key] = secret.value;
  }
  if (withheld.length > 0) {
    throw secretNotGranted(spec.service, withheld, sources.secrets, sources.configFile);
  }
  return { variables, missing };
}

// A deployer's service reads only granted keys, so the line to add is a grant.
function addLine(key: string, service: string, confined: boolean): string {
  return confined ? `${key} = { value = "…", services = ["${service}"] }` : `${key} = "…"`;
}
