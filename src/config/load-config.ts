// Reads $MYPAAS_HOME/config.toml from disk and turns its problems into MypaasErrors.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { MypaasError } from '../core/errors.js';
import type { Config } from './schema.js';
import { parseConfig, type ParseConfigResult } from './validate-config.js';

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
  const { path, result } = await readConfig(home, options.userHome ?? homedir());
  for (const warning of result.warnings) options.onWarning?.(warning);
  if (result.ok) return result.config;
  throw configError(path, result);
}

/** config.toml's text as read now and what it parses to; throws only when it cannot be read. */
export async function readConfig(
  home: string,
  userHome: string,
): Promise<{ path: string; text: string | undefined; result: ParseConfigResult }> {
  const path = configPath(home);
  const text = await readConfigText(path);
  return { path, text, result: parseConfig(text ?? '', basename(path), { home, userHome }) };
}

/** The error a config that does not validate is: CONFIG_SYNTAX or CONFIG_INVALID, every problem
 * in its details. */
export function configError(
  path: string,
  result: Extract<ParseConfigResult, { ok: false }>,
): MypaasError {
  if (result.syntax) {
    const { line, column, reason } = result.syntax;
    return new MypaasError('CONFIG_SYNTAX', `${path}:${line}:${column}: ${reason}`, {
      hint: 'config.toml must be valid TOML; see config.example.toml for every key',
      details: result.errors,
    });
  }
  const count = result.errors.length === 1 ? '1 problem' : `${result.errors.length} problems`;
  return new MypaasError('CONFIG_INVALID', `${path} has ${count}`, {
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
