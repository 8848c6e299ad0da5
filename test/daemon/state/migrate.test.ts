// Migrations against real SQLite: applied once, recorded with checksums, drift and gaps refused.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { isMypaasError } from '../../../src/core/errors.js';
import { loadMigrations, migrate, migrationsDir } from '../../../src/daemon/state/migrate.js';
import { tempDir } from './temp-db.js';

async function freshDb(t: TestContext): Promise<Database.Database> {
  const db = new Database(join(await tempDir(t), 'mypaas.db'));
  t.after(() => db.close());
  return db;
}

// A copy of the shipped migrations that a test may edit.
async function copyMigrations(t: TestContext): Promise<string> {
  const dir = join(await tempDir(t), 'migrations');
  await cp(migrationsDir(), dir, { recursive: true });
  return dir;
}

// The file name of migration number `version`, e.g. 002_keys.sql.
function numbered(version: number, name: string): string {
  return `${String(version).padStart(3, '0')}_${name}.sql`;
}

function recorded(db: Database.Database): { version: number; name: string; checksum: string }[] {
  return db
    .prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version')
    .all() as { version: number; name: string; checksum: string }[];
}

test('the shipped migrations load in order with sha256 checksums of their bytes', async () => {
  const migrations = loadMigrations();
  assert.equal(migrations[0]?.name, '001_initial.sql');
  migrations.forEach((m, index) => assert.equal(m.version, index + 1));
  const bytes = await readFile(join(migrationsDir(), '001_initial.sql'));
  assert.equal(migrations[0]?.checksum, createHash('sha256').update(bytes).digest('hex'));
});

test('migrations apply once, are recorded with checksums, and a second run does nothing', async (t) => {
  const db = await freshDb(t);
  const migrations = loadMigrations();
  assert.deepEqual(
    migrate(db, migrations, 1234).map((m) => m.version),
    migrations.map((m) => m.version),
  );
  assert.deepEqual(
    recorded(db),
    migrations.map(({ version, name, checksum }) => ({ version, name, checksum })),
  );
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
  for (const table of ['releases', 'deployments', 'services', 'build_log_lines', 'env_vars']) {
    assert.ok(tables.includes(table), table);
  }
  assert.deepEqual(migrate(db, migrations), []);
  assert.equal(recorded(db).length, migrations.length);
});

test('a new migration file is applied on the next run', async (t) => {
  const db = await freshDb(t);
  const dir = await copyMigrations(t);
  migrate(db, loadMigrations(dir));
  const next = loadMigrations(dir).length + 1;
  await writeFile(
    join(dir, numbered(next, 'keys')),
    'CREATE TABLE keys (name TEXT PRIMARY KEY);\n',
  );
  assert.deepEqual(
    migrate(db, loadMigrations(dir)).map((m) => m.name),
    [numbered(next, 'keys')],
  );
  db.prepare('INSERT INTO keys VALUES (?)').run('ann');
});

test('editing an applied migration is STATE_MIGRATION_DRIFT naming the file and both checksums', async (t) => {
  const db = await freshDb(t);
  const applied = loadMigrations();
  migrate(db, applied);
  const dir = await copyMigrations(t);
  const file = join(dir, '001_initial.sql');
  await writeFile(file, `${await readFile(file, 'utf8')}\n-- a harmless-looking edit\n`);
  const edited = loadMigrations(dir);
  assert.throws(
    () => migrate(db, edited),
    (err) => {
      assert.ok(isMypaasError(err, 'STATE_MIGRATION_DRIFT'));
      assert.ok(err.message.includes(file), err.message);
      assert.ok(err.message.includes(applied[0]?.checksum ?? '?'), err.message);
      assert.ok(err.message.includes(edited[0]?.checksum ?? '?'), err.message);
      assert.ok(err.hint?.includes('new migration'));
      return true;
    },
  );
});

test('an applied migration whose file is missing is STATE_MIGRATION_DRIFT', async (t) => {
  const db = await freshDb(t);
  const dir = await copyMigrations(t);
  const next = loadMigrations(dir).length + 1;
  await writeFile(join(dir, numbered(next, 'extra')), 'CREATE TABLE extra (x INTEGER);\n');
  migrate(db, loadMigrations(dir));
  assert.throws(
    () => migrate(db, loadMigrations()),
    (err) => isMypaasError(err, 'STATE_MIGRATION_DRIFT') && err.message.includes('_extra.sql'),
  );
});

test('a gap, a repeated number or a badly named file in the folder is refused', async (t) => {
  const count = loadMigrations().length;
  const cases: [string, string][] = [
    [numbered(count + 2, 'gap'), 'is missing'],
    ['001_again.sql', 'same number'],
    ['2_no-padding-is-fine-but-Capitals-are-not.sql', 'is not named'],
  ];
  for (const [name, problem] of cases) {
    const dir = await copyMigrations(t);
    await writeFile(join(dir, name), 'SELECT 1;\n');
    assert.throws(
      () => loadMigrations(dir),
      (err) => isMypaasError(err, 'STATE_FAILED') && err.message.includes(problem),
      name,
    );
  }
  const empty = await copyMigrations(t);
  await rm(join(empty, '001_initial.sql'));
  assert.throws(
    () => loadMigrations(empty),
    (err) => isMypaasError(err, 'STATE_FAILED'),
  );
});

test('a failing migration is rolled back whole and not recorded', async (t) => {
  const db = await freshDb(t);
  const dir = await copyMigrations(t);
  const next = loadMigrations(dir).length + 1;
  await writeFile(
    join(dir, numbered(next, 'bad')),
    'CREATE TABLE half (x);\nCREATE TABLEE oops;\n',
  );
  assert.throws(
    () => migrate(db, loadMigrations(dir)),
    (err) => isMypaasError(err, 'STATE_FAILED') && err.message.includes(numbered(next, 'bad')),
  );
  assert.equal(recorded(db).length, next - 1);
  const half = db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get();
  assert.equal(half, undefined);
});
