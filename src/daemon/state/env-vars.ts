// The env_vars table: values set with `mypaas env set`, given to the containers at the next deploy.
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { diskFull, isDiskFull } from '../../core/disk-full.js';

/** Sets (or overwrites) several variables at once; all or none are written. */
export function setEnvVars(
  db: Database.Database,
  service: string,
  env: string,
  vars: Record<string, string>,
  now: number = Date.now(),
): void {
  const upsert = db.prepare(
    `INSERT INTO env_vars (service, env, key, value, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (service, env, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  try {
    db.transaction(() => {
      for (const [key, value] of Object.entries(vars)) upsert.run(service, env, key, value, now);
    }).immediate();
  } catch (err) {
    if (!isDiskFull(err)) throw err; // e.g. a bad value, which writeSize need not understand
    throw diskFull(err, dirname(db.name), { bytes: writeSize(db, vars) });
  }
}

/** Removes variables; returns the keys that were not set, so the CLI can say so. */
export function unsetEnvVars(
  db: Database.Database,
  service: string,
  env: string,
  keys: readonly string[],
): string[] {
  const remove = db.prepare('DELETE FROM env_vars WHERE service = ? AND env = ? AND key = ?');
  return db
    .transaction(() =>
      [...new Set(keys)].filter((key) => remove.run(service, env, key).changes === 0),
    )
    .immediate();
}

/** The variables of (service, env), sorted by key. */
export function listEnvVars(
  db: Database.Database,
  service: string,
  env: string,
): Record<string, string> {
  const rows = db
    .prepare('SELECT key, value FROM env_vars WHERE service = ? AND env = ? ORDER BY key')
    .all(service, env) as { key: string; value: string }[];
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

// About what SQLite writes for `vars`: their bytes, and a few pages of table, index and WAL.
function writeSize(db: Database.Database, vars: Record<string, string>): number {
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const data = Object.entries(vars).reduce((sum, [k, v]) => sum + k.length + String(v).length, 0);
  return data + pageSize * (3 + Object.keys(vars).length);
}
