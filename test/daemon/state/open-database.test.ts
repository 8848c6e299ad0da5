// openDatabase on real files: pragmas, idempotent reopen, and several processes opening at once.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { isMypaasError } from '../../../src/core/errors.js';
import { loadMigrations } from '../../../src/daemon/state/migrate.js';
import { openDatabase } from '../../../src/daemon/state/open-database.js';
import { spawnNode, stateModule, tempDir } from './temp-db.js';

test('opens in WAL with foreign keys, creating the parent directory, and migrates', async (t) => {
  const file = join(await tempDir(t), 'nested', 'home', 'mypaas.db');
  const db = openDatabase(file);
  t.after(() => db.close());
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
  assert.equal(db.pragma('synchronous', { simple: true }), 1); // NORMAL
  const count = db.prepare('SELECT count(*) FROM schema_migrations').pluck().get();
  assert.equal(count, loadMigrations().length);
});

test('reopening a migrated file applies nothing and keeps the data', async (t) => {
  const file = join(await tempDir(t), 'mypaas.db');
  const first = openDatabase(file);
  first.prepare("INSERT INTO env_vars VALUES ('web', 'production', 'K', 'v', 1)").run();
  const appliedAt = first.prepare('SELECT applied_at FROM schema_migrations').pluck().all();
  first.close();
  const again = openDatabase(file);
  t.after(() => again.close());
  assert.deepEqual(
    again.prepare('SELECT applied_at FROM schema_migrations').pluck().all(),
    appliedAt,
  );
  assert.equal(again.prepare('SELECT value FROM env_vars').pluck().get(), 'v');
});

test('a file that is not a database is STATE_FAILED naming it', async (t) => {
  const file = join(await tempDir(t), 'mypaas.db');
  await writeFile(file, 'this is not sqlite, just text long enough to have a header.'.repeat(20));
  assert.throws(
    () => openDatabase(file),
    (err) => isMypaasError(err, 'STATE_FAILED') && err.message.includes(file),
  );
});

test('several processes opening a new database at the same moment all succeed, migrating once', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'mypaas.db');
  // Each child spins until the same instant, so the opens really overlap.
  const source = `
    import { openDatabase } from ${JSON.stringify(stateModule('open-database'))};
    const [file, at] = process.argv.slice(2);
    while (Date.now() < Number(at)) {}
    const db = openDatabase(file);
    console.log(db.pragma('journal_mode', { simple: true }));
    db.close();
  `;
  const at = String(Date.now() + 1500);
  const children = [1, 2, 3, 4].map(() => spawnNode(t, dir, source, [file, at]));
  for (const result of await Promise.all(children)) {
    assert.equal(result.exitCode, 0, String(result.stderr));
    assert.equal(result.stdout, 'wal');
  }
  const db = openDatabase(file);
  t.after(() => db.close());
  const versions = db.prepare('SELECT version FROM schema_migrations').pluck().all();
  assert.deepEqual(
    versions,
    loadMigrations().map((m) => m.version),
  );
});
