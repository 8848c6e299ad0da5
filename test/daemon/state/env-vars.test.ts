// Env vars per (service, env): set in one transaction, unset reporting unknown keys, listed by key.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listEnvVars, setEnvVars, unsetEnvVars } from '../../../src/daemon/state/env-vars.js';
import { tempDb } from './temp-db.js';

test('set, overwrite, list sorted by key, separate per environment', async (t) => {
  const { db } = await tempDb(t);
  setEnvVars(db, 'web', 'production', { ZED: '1', ALPHA: 'a=b c', MID: '' }, 1000);
  setEnvVars(db, 'web', 'production', { ZED: '2' }, 2000);
  setEnvVars(db, 'web', 'staging', { ALPHA: 'staging' }, 3000);
  const production = listEnvVars(db, 'web', 'production');
  assert.deepEqual(production, { ALPHA: 'a=b c', MID: '', ZED: '2' });
  assert.deepEqual(Object.keys(production), ['ALPHA', 'MID', 'ZED']);
  assert.deepEqual(listEnvVars(db, 'web', 'staging'), { ALPHA: 'staging' });
  assert.deepEqual(listEnvVars(db, 'api', 'production'), {});
  const updated = db
    .prepare("SELECT updated_at FROM env_vars WHERE env = 'production' AND key = 'ZED'")
    .pluck()
    .get();
  assert.equal(updated, 2000);
});

test('unset removes keys and returns the ones that were not set', async (t) => {
  const { db } = await tempDb(t);
  setEnvVars(db, 'web', 'production', { A: '1', B: '2', C: '3' });
  assert.deepEqual(unsetEnvVars(db, 'web', 'production', ['A', 'NOPE', 'C', 'A']), ['NOPE']);
  assert.deepEqual(listEnvVars(db, 'web', 'production'), { B: '2' });
  assert.deepEqual(unsetEnvVars(db, 'web', 'staging', ['B']), ['B']);
});

test('setEnvVars writes all or nothing', async (t) => {
  const { db } = await tempDb(t);
  const bad = { GOOD: 'yes', BAD: null as unknown as string };
  assert.throws(
    () => setEnvVars(db, 'web', 'production', bad),
    (err) => (err as { code?: string }).code === 'SQLITE_CONSTRAINT_NOTNULL',
  );
  assert.deepEqual(listEnvVars(db, 'web', 'production'), {});
});
