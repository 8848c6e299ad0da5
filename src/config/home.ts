// Where mypaas keeps its files on the host, and how `~/` paths in config.toml are read.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The two directories config defaults and `~/` paths are relative to; passed in to keep parsing pure. */
export interface HomeDirs {
  /** `$MYPAAS_HOME`, absolute. */
  home: string;
  /** The user's home directory, what `~/` means. */
  userHome: string;
}

/** `$MYPAAS_HOME`, or `~/_mypaas` when unset: every file mypaas owns lives under it. */
export function mypaasHome(env: NodeJS.ProcessEnv = process.env): string {
  const userHome = homedir();
  const fromEnv = env.MYPAAS_HOME?.trim();
  if (!fromEnv) return join(userHome, '_mypaas');
  return resolve(expandHome(fromEnv, userHome));
}

/** Replaces a leading `~` or `~/` with `home`, so users can write paths the way their shell does. */
export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}
