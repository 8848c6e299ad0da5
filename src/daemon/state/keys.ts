// The ssh_keys table: the SSH public keys that may log in to the daemon, with a role and services.
import type Database from 'better-sqlite3';
import { MypaasError } from '../../core/errors.js';
import { fingerprint, type PublicKey } from '../../core/ssh-keys.js';

/** admin: every command on every service; deployer: only the services listed with the key. */
export type KeyRole = 'admin' | 'deployer';

/** Every role, for validation and help texts. */
export const KEY_ROLES: readonly KeyRole[] = ['admin', 'deployer'];

/** A stored key; `blob` is what a logging-in client must present. */
export interface KeyRecord {
  name: string;
  type: string;
  bits: number;
  fingerprint: string;
  blob: Buffer;
  comment: string;
  role: KeyRole;
  /** The services a deployer may touch; empty for admins. */
  services: string[];
  createdAt: number;
}

/** A key as `keys list` shows it: everything but the blob. */
export type KeyInfo = Omit<KeyRecord, 'blob'>;

/** Drops the blob, for listings and JSON output. */
export function keyInfo({ blob: _blob, ...info }: KeyRecord): KeyInfo {
  return info;
}

/** Stores a key; a name or fingerprint that is already there is refused with KEY_EXISTS. */
export function addKey(
  db: Database.Database,
  input: { name: string; key: PublicKey; role: KeyRole; services: string[]; now?: number },
): KeyRecord {
  return db
    .transaction(() => {
      const clash = db
        .prepare('SELECT name, fingerprint FROM ssh_keys WHERE name = ? OR fingerprint = ?')
        .get(input.name, input.key.fingerprint) as
        { name: string; fingerprint: string } | undefined;
      if (clash) {
        const what =
          clash.name === input.name
            ? `a key named ${input.name} already exists`
            : `this key (${input.key.fingerprint}) is already added as ${clash.name}`;
        throw new MypaasError('KEY_EXISTS', what, {
          hint: `list keys with: mypaas server keys list; remove one with: mypaas server keys rm ${clash.name}`,
        });
      }
      db.prepare(
        `INSERT INTO ssh_keys (name, type, bits, fingerprint, blob, comment, role, services_json, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        input.name,
        input.key.type,
        input.key.bits,
        input.key.fingerprint,
        input.key.blob,
        input.key.comment,
        input.role,
        JSON.stringify(input.services),
        input.now ?? Date.now(),
      );
      return findKey(db, input.name) as KeyRecord;
    })
    .immediate();
}

/** Every key, by name. */
export function listKeys(db: Database.Database): KeyRecord[] {
  return (db.prepare('SELECT * FROM ssh_keys ORDER BY name').all() as Row[]).map(toKey);
}

/** The key with this name or `SHA256:` fingerprint (the prefix may be left out), or null. */
export function findKey(db: Database.Database, nameOrFingerprint: string): KeyRecord | null {
  const fp = nameOrFingerprint.startsWith('SHA256:')
    ? nameOrFingerprint
    : `SHA256:${nameOrFingerprint}`;
  const row = db
    .prepare(
      'SELECT * FROM ssh_keys WHERE name = ? OR fingerprint = ? ORDER BY name = ? DESC LIMIT 1',
    )
    .get(nameOrFingerprint, fp, nameOrFingerprint) as Row | undefined;
  return row ? toKey(row) : null;
}

/** The key whose blob is exactly `blob` (what a client presents at login), or null. */
export function findKeyByBlob(db: Database.Database, blob: Buffer): KeyRecord | null {
  const key = findKey(db, fingerprint(blob));
  return key && key.blob.equals(blob) ? key : null;
}

/** Removes a key by name or fingerprint and returns it; KEY_NOT_FOUND when there is none. */
export function removeKey(db: Database.Database, nameOrFingerprint: string): KeyRecord {
  const key = findKey(db, nameOrFingerprint);
  if (!key) {
    throw new MypaasError('KEY_NOT_FOUND', `no key named or fingerprinted ${nameOrFingerprint}`, {
      hint: 'list keys with: mypaas server keys list',
    });
  }
  db.prepare('DELETE FROM ssh_keys WHERE name = ?').run(key.name);
  return key;
}

interface Row {
  name: string;
  type: string;
  bits: number;
  fingerprint: string;
  blob: Buffer;
  comment: string;
  role: KeyRole;
  services_json: string;
  created_at: number;
}

function toKey(row: Row): KeyRecord {
  return {
    name: row.name,
    type: row.type,
    bits: row.bits,
    fingerprint: row.fingerprint,
    blob: row.blob,
    comment: row.comment,
    role: row.role,
    services: JSON.parse(row.services_json) as string[],
    createdAt: row.created_at,
  };
}
