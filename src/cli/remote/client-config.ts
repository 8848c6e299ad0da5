// Where the mypaas CLI keeps its own files on the developer's machine (not the host's $MYPAAS_HOME).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The CLI's config directory: `$XDG_CONFIG_HOME/mypaas`, else `~/.config/mypaas`. */
export function clientConfigDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  return join(xdg ? xdg : join(home, '.config'), 'mypaas');
}

/** `servers.toml`: named servers, so `mypaas push prod ./app` needs no address. */
export function serversFile(configDir: string): string {
  return join(configDir, 'servers.toml');
}

/** `known_hosts`: host keys trusted on first use, in OpenSSH's format. */
export function knownHostsFile(configDir: string): string {
  return join(configDir, 'known_hosts');
}
