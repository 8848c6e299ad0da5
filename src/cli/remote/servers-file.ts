// Reads servers.toml (`[servers.prod] host=…, port=…, user=…, identity=…`); problems name file and line.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parse } from '@iarna/toml';
import { expandHome } from '../../config/home.js';
import { keyLines, lineOf } from '../../config/key-lines.js';
import { MypaasError } from '../../core/errors.js';

/** One `[servers.NAME]` table; unset fields take the CLI's defaults. */
export interface ServerEntry {
  host: string;
  port?: number;
  user?: string;
  /** Absolute path of the private key to use for this server. */
  identity?: string;
}

const KEYS = ['host', 'port', 'user', 'identity'];
const EXAMPLE = '[servers.prod]\nhost = "203.0.113.7"\nport = 2222';

/** The servers defined in `file`, by name; a missing file defines none. */
export async function readServersFile(file: string): Promise<Record<string, ServerEntry>> {
  let text: string;
  try {
    text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new MypaasError(
      'CONFIG_NOT_FOUND',
      `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      { cause: err },
    );
  }
  let doc: Record<string, unknown>;
  try {
    doc = parse(text);
  } catch (err) {
    const e = err as { line?: number; col?: number; message?: string };
    const reason = (e.message ?? String(err)).split('\n')[0] ?? '';
    throw new MypaasError(
      'CONFIG_SYNTAX',
      `${file}:${(e.line ?? 0) + 1}:${(e.col ?? 0) + 1}: ${reason}`,
      {
        hint: `servers.toml must be valid TOML, e.g.\n${EXAMPLE}`,
        cause: err,
      },
    );
  }
  return validate(doc, file, text);
}

function validate(
  doc: Record<string, unknown>,
  file: string,
  text: string,
): Record<string, ServerEntry> {
  const lines = keyLines(text);
  const errors: { line: number; text: string }[] = [];
  const problem = (path: string[], message: string) => {
    const line = lineOf(lines, path);
    errors.push({
      line: line ?? 0,
      text: `${file}${line === undefined ? '' : `:${line}`}: ${message}`,
    });
  };
  const servers: Record<string, ServerEntry> = {};
  for (const key of Object.keys(doc))
    if (key !== 'servers')
      problem([key], `unknown key ${JSON.stringify(key)}; servers are defined as [servers.NAME]`);
  for (const [name, raw] of Object.entries(isTable(doc.servers) ? doc.servers : {})) {
    if (!isTable(raw)) {
      problem(['servers', name], `servers.${name} must be a table with host = "…"`);
      continue;
    }
    const entry = readEntry(name, raw, file, (key, message) =>
      problem(['servers', name, key], message),
    );
    if (entry) servers[name] = entry;
  }
  if (doc.servers !== undefined && !isTable(doc.servers))
    problem(['servers'], 'servers must be a table of [servers.NAME] tables');
  if (errors.length > 0) {
    throw new MypaasError(
      'CONFIG_INVALID',
      `${file} has ${errors.length === 1 ? '1 problem' : `${errors.length} problems`}`,
      {
        details: errors.sort((a, b) => a.line - b.line).map((e) => e.text),
        hint: `each server looks like:\n${EXAMPLE}`,
      },
    );
  }
  return servers;
}

function readEntry(
  name: string,
  raw: Record<string, unknown>,
  file: string,
  problem: (key: string, message: string) => void,
): ServerEntry | undefined {
  const where = `servers.${name}`;
  for (const key of Object.keys(raw))
    if (!KEYS.includes(key))
      problem(key, `${where}: unknown key ${JSON.stringify(key)}; known keys: ${KEYS.join(', ')}`);
  const { host, port, user, identity } = raw;
  let ok = true;
  const fail = (key: string, message: string) => {
    ok = false;
    problem(key, `${where}.${key} ${message}`);
  };
  if (
    typeof host !== 'string' ||
    !/^(?:[A-Za-z0-9_.-]+|\[?[0-9A-Fa-f:.]+(?:%[\w.-]+)?\]?)$/.test(host)
  ) {
    fail(
      'host',
      host === undefined
        ? 'is missing; e.g. host = "203.0.113.7"'
        : 'must be a host name or IP address without user or port, e.g. host = "203.0.113.7"',
    );
  }
  if (
    port !== undefined &&
    (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
  ) {
    fail('port', 'must be a whole number from 1 to 65535, e.g. port = 2222');
  }
  if (
    user !== undefined &&
    (typeof user !== 'string' || !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(user))
  )
    fail('user', 'must be a user name, e.g. user = "mypaas"');
  if (identity !== undefined && (typeof identity !== 'string' || identity === ''))
    fail('identity', 'must be the path of a private key, e.g. identity = "~/.ssh/id_ed25519"');
  if (!ok || typeof host !== 'string') return undefined;
  return {
    host: host.replace(/^\[(.*)\]$/, '$1').toLowerCase(),
    ...(typeof port === 'number' ? { port } : {}),
    ...(typeof user === 'string' ? { user } : {}),
    ...(typeof identity === 'string'
      ? { identity: resolve(dirname(file), expandHome(identity, homedir())) }
      : {}),
  };
}

function isTable(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}
