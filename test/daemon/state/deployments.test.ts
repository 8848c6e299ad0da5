// Deployments: created queued, patched as they progress, listed, found unfinished, made live.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Database from 'better-sqlite3';
import { isMypaasError } from '../../../src/core/errors.js';
import {
  createDeployment,
  getDeployment,
  listDeployments,
  recordLive,
  unfinishedDeployments,
  updateDeployment,
  type Deployment,
} from '../../../src/daemon/state/deployments.js';
import { getService, setServiceState } from '../../../src/daemon/state/services.js';
import { tempDb } from './temp-db.js';

function start(
  db: Database.Database,
  releaseId: string,
  env = 'production',
  now = 1000,
): Deployment {
  return createDeployment(db, {
    service: 'web',
    env,
    releaseId,
    trigger: 'push',
    actor: 'ann',
    previousDeploymentId: null,
    pid: 42,
    pidStart: '123',
    now,
  });
}

test('a new deployment is queued with everything it was given', async (t) => {
  const { db } = await tempDb(t);
  const d = start(db, 'r1');
  assert.deepEqual(d, {
    id: d.id,
    service: 'web',
    env: 'production',
    releaseId: 'r1',
    trigger: 'push',
    actor: 'ann',
    status: 'queued',
    step: null,
    previousDeploymentId: null,
    pid: 42,
    pidStart: '123',
    startedAt: 1000,
    finishedAt: null,
    error: null,
  });
  assert.deepEqual(getDeployment(db, d.id), d);
  assert.equal(getDeployment(db, d.id + 1), null);
});

test('updateDeployment patches only the given fields; an unknown id is DEPLOYMENT_NOT_FOUND', async (t) => {
  const { db } = await tempDb(t);
  const d = start(db, 'r1');
  updateDeployment(db, d.id, { status: 'building', step: 'build' });
  const failed = updateDeployment(db, d.id, {
    status: 'failed',
    error: 'exit 1',
    finishedAt: 2000,
    releaseId: 'r2',
  });
  assert.deepEqual(failed, {
    ...d,
    status: 'failed',
    step: 'build',
    error: 'exit 1',
    finishedAt: 2000,
    releaseId: 'r2',
  });
  assert.equal(updateDeployment(db, d.id, { step: null }).step, null);
  assert.throws(
    () => updateDeployment(db, 999, { status: 'live' }),
    (err) => isMypaasError(err, 'DEPLOYMENT_NOT_FOUND'),
  );
});

test('listDeployments is newest first, per environment or all, limited', async (t) => {
  const { db } = await tempDb(t);
  const ids = ['r1', 'r2', 'r3'].map((r) => start(db, r).id);
  const staging = start(db, 's1', 'staging').id;
  assert.deepEqual(
    listDeployments(db, 'web', 'production').map((d) => d.id),
    [...ids].reverse(),
  );
  assert.deepEqual(
    listDeployments(db, 'web').map((d) => d.id),
    [staging, ...[...ids].reverse()],
  );
  assert.deepEqual(
    listDeployments(db, 'web', undefined, 2).map((d) => d.id),
    [staging, ids[2]],
  );
  assert.deepEqual(listDeployments(db, 'api'), []);
});

test('unfinishedDeployments finds queued, building and starting ones only', async (t) => {
  const { db } = await tempDb(t);
  const statuses = [
    'queued',
    'building',
    'starting',
    'live',
    'failed',
    'interrupted',
    'superseded',
  ];
  const ids = statuses.map((status, i) => {
    const d = start(db, `r${i}`);
    return updateDeployment(db, d.id, { status: status as Deployment['status'] }).id;
  });
  assert.deepEqual(
    unfinishedDeployments(db).map((d) => d.id),
    ids.slice(0, 3),
  );
});

test('recordLive makes one live, supersedes the previous live one and points the service at it', async (t) => {
  const { db } = await tempDb(t);
  const first = start(db, 'r1');
  recordLive(db, first.id, 2000);
  assert.deepEqual(getService(db, 'web', 'production'), {
    service: 'web',
    env: 'production',
    state: 'running',
    liveDeploymentId: first.id,
    createdAt: 1000, // on the host since its first deployment began
    updatedAt: 2000,
  });
  setServiceState(db, 'web', 'production', 'stopped', 2500);
  const second = start(db, 'r2', 'production', 3000);
  const staging = start(db, 's1', 'staging');
  recordLive(db, staging.id, 3500);
  const live = recordLive(db, second.id, 4000);
  assert.equal(live.status, 'live');
  assert.equal(live.finishedAt, 4000);
  assert.equal(getDeployment(db, first.id)?.status, 'superseded');
  assert.equal(getDeployment(db, first.id)?.finishedAt, 2000);
  assert.equal(getDeployment(db, staging.id)?.status, 'live');
  const service = getService(db, 'web', 'production');
  assert.equal(service?.liveDeploymentId, second.id);
  assert.equal(service?.state, 'running');
  assert.equal(service?.updatedAt, 4000);
});

test('recordLive refuses a finished deployment and an unknown one, changing nothing', async (t) => {
  const { db } = await tempDb(t);
  const live = start(db, 'r1');
  recordLive(db, live.id, 2000);
  const failed = start(db, 'r2');
  updateDeployment(db, failed.id, { status: 'failed', finishedAt: 3000 });
  assert.throws(
    () => recordLive(db, failed.id),
    (err) => isMypaasError(err, 'STATE_FAILED'),
  );
  assert.throws(
    () => recordLive(db, 999),
    (err) => isMypaasError(err, 'DEPLOYMENT_NOT_FOUND'),
  );
  assert.equal(getDeployment(db, live.id)?.status, 'live');
  assert.equal(getService(db, 'web', 'production')?.liveDeploymentId, live.id);
});
