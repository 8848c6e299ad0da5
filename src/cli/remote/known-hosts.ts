// Trust on first use: host keys live in the CLI's own known_hosts file, in OpenSSH's format.
import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A stored key for the host that did not match the one offered. */
export interface KnownKey {
  lineNo: number;
  line: string;
  type: string;
  fingerprint: string;
}

/** What the known_hosts file says about a host key. */
export type HostKeyStatus =
  { kind: 'trusted' } | { kind: 'unknown' } | { kind: 'changed'; known: KnownKey[] };

/** How OpenSSH names a host in known_hosts: `host` on port 22, `[host]:port` otherwise. */
export function hostPattern(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** A key's fingerprint as `ssh-keygen -l` prints it: `SHA256:` and unpadded base64. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The algorithm name at the start of an SSH public key blob, e.g. `ssh-ed25519`. */
export function keyType(key: Buffer): string {
  const length = key.length >= 4 ? key.readUInt32BE(0) : 0;
  return key.subarray(4, 4 + length).toString('latin1') || 'unknown';
}

/** Compares `key` with every line of `file` naming the host; a missing file knows no host. */
export async function checkHostKey(
  file: string,
  host: string,
  port: number,
  key: Buffer,
): Promise<HostKeyStatus> {
  const target = hostPattern(host, port);
  const known: KnownKey[] = [];
  for (const [index, line] of (await readText(file)).split('\n').entries()) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3 || line.trimStart().startsWith('#') || line.trimStart().startsWith('@'))
      continue;
    const [hosts = '', type = '', base64 = ''] = fields;
    if (!hostsMatch(hosts, target)) continue;
    const stored = Buffer.from(base64, 'base64');
    if (stored.equals(key)) return { kind: 'trusted' };
    known.push({ lineNo: index + 1, line: line.trim(), type, fingerprint: fingerprint(stored) });
  }
  return known.length === 0 ? { kind: 'unknown' } : { kind: 'changed', known };
}

/** Appends the host's key to `file` (created 0600 in a 0700 directory), and returns the line. */
export async function trustHostKey(
  file: string,
  host: string,
  port: number,
  key: Buffer,
): Promise<string> {
  const line = `${hostPattern(host, port)} ${keyType(key)} ${key.toString('base64')}`;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const text = await readText(file);
  await appendFile(file, `${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`, {
    mode: 0o600,
  });
  return line;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

// OpenSSH's host list: comma-separated patterns with * and ?, `!` negation, or one `|1|salt|hash`.
function hostsMatch(hosts: string, target: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt = '', hash = ''] = hosts.split('|');
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(target).digest('base64');
    return digest === hash;
  }
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (!glob(negated ? pattern.slice(1) : pattern).test(target.toLowerCase())) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

function glob(pattern: string): RegExp {
  const body = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
