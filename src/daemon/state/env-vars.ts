// The env_vars table: values set with `mypaas env set`, given to the containers at the next deploy.
import type Database from 'better-sqlite3';

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
  db.transaction(() => {
    for (const [key, value] of Object.entries(vars)) upsert.run(service, env, key, value, now);
  }).immediate();
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
