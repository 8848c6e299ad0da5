// Releases round-trip through SQLite unchanged, list newest first, and are never overwritten.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMypaasError } from '../../../src/core/errors.js';
import type { ServiceSpec } from '../../../src/parse/spec.js';
import {
  deleteRelease,
  getRelease,
  insertRelease,
  listReleases,
} from '../../../src/daemon/state/releases.js';
import type { Release } from '../../../src/daemon/state/types.js';
import { tempDb } from './temp-db.js';

const spec: ServiceSpec = {
  service: 'web',
  urls: ['https://web.example.com'],
  port: 8080,
  scale: 2,
  volumes: [{ host: '/srv/web', container: '/data', readOnly: true }],
  env: { LOG_LEVEL: 'info', DATABASE_URL: null },
  publish: [],
  maxcpu: 0.5,
  maxmem: 268435456,
  healthcheck: { path: '/healthz', intervalMs: 250, timeoutMs: 30000 },
  init: false,
};

function release(id: string, createdAt: number, env = 'production'): Release {
  return {
    id,
    service: 'web',
    env,
    image: `web:${id}`,
    spec,
    gitSha: null,
    confined: false,
    createdAt,
  };
}

test('a release reads back exactly as written, spec included', async (t) => {
  const { db } = await tempDb(t);
  const written = { ...release('r1', 1000), gitSha: 'abc123' };
  insertRelease(db, written);
  assert.deepEqual(getRelease(db, 'web', 'r1'), written);
  assert.equal(getRelease(db, 'web', 'nope'), null);
  assert.equal(getRelease(db, 'other', 'r1'), null);
});

test('listReleases gives one environment, newest first', async (t) => {
  const { db } = await tempDb(t);
  for (const r of [release('r1', 1000), release('r3', 3000), release('r2', 2000)]) {
    insertRelease(db, r);
  }
  insertRelease(db, release('s1', 4000, 'staging'));
  assert.deepEqual(
    listReleases(db, 'web', 'production').map((r) => r.id),
    ['r3', 'r2', 'r1'],
  );
  assert.deepEqual(
    listReleases(db, 'web', 'staging').map((r) => r.id),
    ['s1'],
  );
});

test('releases are immutable: writing the same id again is STATE_FAILED', async (t) => {
  const { db } = await tempDb(t);
  insertRelease(db, release('r1', 1000));
  assert.throws(
    () => insertRelease(db, { ...release('r1', 2000), image: 'web:other' }),
    (err) => isMypaasError(err, 'STATE_FAILED'),
  );
  assert.equal(getRelease(db, 'web', 'r1')?.image, 'web:r1');
});

test('deleteRelease removes one release; a missing one is RELEASE_NOT_FOUND', async (t) => {
  const { db } = await tempDb(t);
  insertRelease(db, release('r1', 1000));
  insertRelease(db, release('r2', 2000));
  deleteRelease(db, 'web', 'r1');
  assert.deepEqual(
    listReleases(db, 'web', 'production').map((r) => r.id),
    ['r2'],
  );
  assert.throws(
    () => deleteRelease(db, 'web', 'r1'),
    (err) => isMypaasError(err, 'RELEASE_NOT_FOUND'),
  );
});
