// What `keys add` tells an admin about a new deployer key: the config.toml [env] secrets its
// services can read (names only), so a grant too wide or missing shows before the first push.
import { homedir } from 'node:os';
import { configPath, loadConfig } from '../../../config/load-config.js';
import { readableSecretNames } from '../../../daemon/policy/secret-grants.js';

/** Secret names each service can read once a deployer key may deploy it; null, with a warning on
 * stderr, when config.toml cannot be read (the key is added all the same). */
export async function deployerSecrets(
  home: string,
  services: string[],
): Promise<Record<string, string[]> | null> {
  try {
    const config = await loadConfig(home, { userHome: homedir() });
    return Object.fromEntries(
      services.map((service) => [service, readableSecretNames(config.env, service, true)]),
    );
  } catch (err) {
    process.stderr.write(`cannot tell which secrets its services can read: ${String(err)}\n`);
    return null;
  }
}

/** The lines `keys add` prints: one per service, then how to grant a key. */
export function deployerSecretsText(home: string, readable: Record<string, string[]>): string {
  const lines = Object.entries(readable).map(
    ([service, names]) =>
      `secrets ${service} can read: ${names.length > 0 ? names.join(', ') : 'none'}`,
  );
  const first = Object.keys(readable)[0] ?? 'web';
  lines.push(
    `plain [env] keys are for services no deployer may deploy; grant one in ${configPath(home)}: [env.KEY] value = "…" services = ["${first}"]`,
  );
  return `${lines.join('\n')}\n`;
}
