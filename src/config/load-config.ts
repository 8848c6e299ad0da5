// Reads $MYPAAS_HOME/config.toml from disk and turns its problems into MypaasErrors.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { MypaasError } from '../core/errors.js';
import type { Config } from './schema.js';
import { parseConfig } from './validate-config.js';

/** What a caller may change: the home `~/` means (tests) and where warnings go. */
export interface LoadConfigOptions {
  userHome?: string;
  onWarning?: (warning: string) => void;
}

/** The one place the config file's name is decided. */
export function configPath(home: string): string {
  return join(home, 'config.toml');
}

/** The host's Config; a missing file means all defaults, since a fresh host has none yet. */
export async function loadConfig(home: string, options: LoadConfigOptions = {}): Promise<Config> {
  const path = configPath(home);
  const dirs = { home, userHome: options.userHome ?? homedir() };
  const text = await readConfigText(path);
  const result = parseConfig(text ?? '', basename(path), dirs);
  for (const warning of result.warnings) options.onWarning?.(warning);
  if (result.ok) return result.config;
  if (result.syntax) {
    const { line, column, reason } = result.syntax;
    throw new MypaasError('CONFIG_SYNTAX', `${path}:${line}:${column}: ${reason}`, {
      hint: 'config.toml must be valid TOML; see config.example.toml for every key',
      details: result.errors,
    });
  }
  const count = result.errors.length === 1 ? '1 problem' : `${result.errors.length} problems`;
  throw new MypaasError('CONFIG_INVALID', `${path} has ${count}`, {
    hint: 'fix each line listed; config.example.toml shows every key with its default',
    details: result.errors,
  });
}

// undefined when the file does not exist; any other read failure is the user's to fix.
async function readConfigText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new MypaasError('CONFIG_NOT_FOUND', `cannot read ${path} (${reason})`, {
      hint: 'config.toml must be a readable file',
      cause: err,
    });
  }
}
