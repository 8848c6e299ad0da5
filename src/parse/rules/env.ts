// `# mypaas.env=KEY=value` or a bare `KEY` whose value is a secret from config.toml `[env]`.
import { accept, reject, type RuleResult } from './rule.js';

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks an env directive; a bare key yields value `null` (resolved from config.toml at deploy). */
export function checkEnv(value: string): RuleResult<{ key: string; value: string | null }> {
  const eq = value.indexOf('=');
  const key = eq < 0 ? value : value.slice(0, eq);
  if (!KEY.test(key)) {
    return reject(
      `has "${key}" as name; names are letters, digits and "_", not starting with a digit`,
    );
  }
  if (key === 'PORT' || key.startsWith('MYPAAS_')) {
    return reject(`sets ${key}, which mypaas sets itself; pick another name`);
  }
  return accept({ key, value: eq < 0 ? null : value.slice(eq + 1) });
}
