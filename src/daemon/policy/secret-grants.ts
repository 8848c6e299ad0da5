// Which config.toml [env] secrets a service may read. A deployer chooses what its Dockerfile names
// with `# mypaas.env=KEY` and can print what it gets, so naming a key is no proof of a right to it.
import type { Secret } from '../../config/schema.js';
import { MypaasError } from '../../core/errors.js';

/** Whether `service` may read `secret`: a grant lists it, or the secret is unscoped and no deployer
 * can run code in the service (`confined` comes from isConfined). */
export function mayReadSecret(secret: Secret, service: string, confined: boolean): boolean {
  return secret.services === null ? !confined : secret.services.includes(service);
}

/** The names of the [env] keys `service` may read, sorted: what `keys add` tells the admin. */
export function readableSecretNames(
  secrets: Record<string, Secret>,
  service: string,
  confined: boolean,
): string[] {
  return Object.entries(secrets)
    .filter(([, secret]) => mayReadSecret(secret, service, confined))
    .map(([name]) => name)
    .sort();
}

/** SECRET_NOT_GRANTED for `keys` the service named but may not read; names keys, never values. */
export function secretNotGranted(
  service: string,
  keys: string[],
  secrets: Record<string, Secret>,
  configFile: string,
): MypaasError {
  const list = keys.join(', ');
  const them = keys.length === 1 ? 'it' : 'them';
  return new MypaasError(
    'SECRET_NOT_GRANTED',
    `${service} may not read ${list} from ${configFile} [env]: a deployer's service reads only the secrets granted to it`,
    {
      details: keys.map((key) => `${key}: ${grantAdvice(key, service, secrets[key])}`),
      hint: `if ${service} should read ${them}, grant ${them} in ${configFile}, e.g. [env.${keys[0] ?? 'KEY'}] value = "…" services = ["${service}"]; else drop the # mypaas.env=${keys[0] ?? 'KEY'} line`,
    },
  );
}

// How to grant one key, from its current shape (never its value).
function grantAdvice(key: string, service: string, secret: Secret | undefined): string {
  if (secret?.services) {
    const listed = secret.services.map((s) => `"${s}"`);
    return `granted to ${secret.services.join(', ') || 'no service'}; add "${service}": [env.${key}] services = [${[...listed, `"${service}"`].join(', ')}]`;
  }
  return `a plain key, for admin-only services; grant it: [env.${key}] value = "…" services = ["${service}"]`;
}
