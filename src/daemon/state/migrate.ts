// Numbered SQL migrations: loaded from disk with checksums, verified, then applied once each.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { MypaasError } from '../../core/errors.js';

/** One `NNN_name.sql` file; its checksum is what makes an applied migration tamper-evident. */
export interface Migration {
  version: number;
  /** The file's base name, e.g. `001_initial.sql`; recorded in schema_migrations. */
  name: string;
  /** Absolute path, for messages. */
  file: string;
  sql: string;
  /** sha256 hex of the file's bytes. */
  checksum: string;
}

/** The shipped migrations folder: tsc copies no .sql, so dist code reads the source folder. */
export function migrationsDir(): string {
  // This file runs as dist/src/daemon/state/migrate.js; the SQL stays in src/daemon/state/migrations.
  return fileURLToPath(new URL('../../../../src/daemon/state/migrations/', import.meta.url));
}

/** Every migration in `dir` by version; a gap or a repeated number is a packaging bug, refused. */
export function loadMigrations(dir: string = migrationsDir()): Migration[] {
  const migrations = listSqlFiles(dir)
    .map((name) => readMigration(dir, name))
    .sort((a, b) => a.version - b.version);
  if (migrations.length === 0) throw badFolder(dir, 'it holds no NNN_name.sql file');
  migrations.forEach((m, index) => {
    const previous = migrations[index - 1];
    if (previous?.version === m.version) {
      throw badFolder(dir, `${previous.name} and ${m.name} have the same number`);
    }
    if (m.version !== index + 1) throw badFolder(dir, `migration ${index + 1} is missing`);
  });
  return migrations;
}

/** Verifies every applied migration, then applies the pending ones; returns those it applied. */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  now: number = Date.now(),
): Migration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL
  ) STRICT`);
  const applied = appliedMigrations(db);
  for (const row of applied.values()) verify(db, row, migrations);
  const done: Migration[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    // IMMEDIATE takes the write lock first, so of two processes starting at once only one applies.
    const didApply = db.transaction(() => apply(db, migration, migrations, now)).immediate();
    if (didApply) done.push(migration);
  }
  return done;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

function appliedMigrations(db: Database.Database): Map<number, AppliedRow> {
  const rows = db
    .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    .all() as AppliedRow[];
  return new Map(rows.map((row) => [row.version, row]));
}

// Another process may have applied it since we looked: then it is verified and skipped.
function apply(
  db: Database.Database,
  migration: Migration,
  migrations: readonly Migration[],
  now: number,
): boolean {
  const row = db
    .prepare('SELECT version, name, checksum FROM schema_migrations WHERE version = ?')
    .get(migration.version) as AppliedRow | undefined;
  if (row) {
    verify(db, row, migrations);
    return false;
  }
  try {
    db.exec(migration.sql);
  } catch (err) {
    throw new MypaasError('STATE_FAILED', `migration ${migration.file} failed: ${String(err)}`, {
      hint: 'nothing of it was applied; fix the SQL of this (not yet applied) migration',
      cause: err,
    });
  }
  db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  ).run(migration.version, migration.name, migration.checksum, now);
  return true;
}

function verify(db: Database.Database, row: AppliedRow, migrations: readonly Migration[]): void {
  const hint =
    'an applied migration is never edited; restore it and put the fix in a new migration';
  const migration = migrations.find((m) => m.version === row.version);
  if (!migration) {
    const message = `${db.name}: migration ${row.name} was applied but its file is missing`;
    throw new MypaasError('STATE_MIGRATION_DRIFT', message, {
      hint: 'this database was migrated by another mypaas version; run that version, or restore the file',
    });
  }
  if (migration.checksum === row.checksum) return;
  const message =
    `${db.name}: migration ${migration.file} changed after it was applied ` +
    `(applied checksum ${row.checksum}, file checksum ${migration.checksum})`;
  throw new MypaasError('STATE_MIGRATION_DRIFT', message, { hint });
}

function readMigration(dir: string, name: string): Migration {
  const match = /^(\d+)_[a-z0-9_-]+\.sql$/.exec(name);
  if (!match) throw badFolder(dir, `${name} is not named like 002_add_keys.sql`);
  const file = join(dir, name);
  const bytes = readFileSync(file);
  const checksum = createHash('sha256').update(bytes).digest('hex');
  return { version: Number(match[1]), name, file, sql: bytes.toString('utf8'), checksum };
}

function listSqlFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith('.sql'));
  } catch (err) {
    throw new MypaasError('STATE_FAILED', `cannot read the migrations folder ${dir}`, {
      hint: 'the mypaas package is incomplete: reinstall it (src/daemon/state/migrations ships with it)',
      cause: err,
    });
  }
}

function badFolder(dir: string, problem: string): MypaasError {
  return new MypaasError('STATE_FAILED', `migrations in ${dir} are not usable: ${problem}`, {
    hint: 'number migration files once each, in order, with no gaps: 001_initial.sql, 002_….sql',
  });
}
