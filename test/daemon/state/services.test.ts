// Services rows: state changes, listing, and deleting with or without the history.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Database from 'better-sqlite3';
import { appendLogLine, readLog } from '../../../src/daemon/state/build-log.js';
import { tryAcquireLock } from '../../../src/daemon/state/deploy-lock.js';
import {
  createDeployment,
  listDeployments,
  recordLive,
} from '../../../src/daemon/state/deployments.js';
import { listEnvVars, setEnvVars } from '../../../src/daemon/state/env-vars.js';
import { insertRelease, listReleases } from '../../../src/daemon/state/releases.js';
import {
  deleteService,
  getService,
  listServices,
  setServiceState,
} from '../../../src/daemon/state/services.js';
import type { ServiceSpec } from '../../../src/parse/spec.js';
import { tempDb } from './temp-db.js';

// A live deployment of `service` in `env` with a release, a log line, env vars and a lock.
function deployed(db: Database.Database, service: string, env: string): number {
  const spec = { service } as ServiceSpec;
  const id = `${env}-1`; // release ids are unique per service, across environments
  insertRelease(db, {
    id,
    service,
    env,
    image: `${service}:${id}`,
    spec,
    gitSha: null,
    confined: false,
    createdAt: 1,
  });
  const d = createDeployment(db, {
    service,
    env,
    releaseId: id,
    trigger: 'push',
    actor: 'ann',
    previousDeploymentId: null,
    pid: null,
    pidStart: null,
  });
  appendLogLine(db, d.id, 'build', 'step 1/1');
  recordLive(db, d.id);
  setEnvVars(db, service, env, { K: 'v' });
  tryAcquireLock(db, service, env, { pid: process.pid, start: 'x', deploymentId: d.id });
  return d.id;
}

test('setServiceState creates the row, then changes only state and updated_at', async (t) => {
  const { db } = await tempDb(t);
  assert.equal(getService(db, 'web', 'production'), null);
  const created = setServiceState(db, 'web', 'production', 'stopped', 1000);
  assert.deepEqual(created, {
    service: 'web',
    env: 'production',
    state: 'stopped',
    liveDeploymentId: null,
    createdAt: 1000,
    updatedAt: 1000,
  });
  const started = setServiceState(db, 'web', 'production', 'running', 2000);
  assert.deepEqual(started, { ...created, state: 'running', updatedAt: 2000 });
});

test('listServices lists every (service, env) by name', async (t) => {
  const { db } = await tempDb(t);
  setServiceState(db, 'web', 'staging', 'running');
  setServiceState(db, 'api', 'production', 'running');
  setServiceState(db, 'web', 'production', 'stopped');
  assert.deepEqual(
    listServices(db).map((s) => `${s.service}/${s.env}`),
    ['api/production', 'web/production', 'web/staging'],
  );
});

test('deleteService removes the row, env vars and lock but keeps history', async (t) => {
  const { db } = await tempDb(t);
  const id = deployed(db, 'web', 'production');
  deployed(db, 'web', 'staging');
  assert.equal(deleteService(db, 'web', 'production'), true);
  assert.equal(getService(db, 'web', 'production'), null);
  assert.deepEqual(listEnvVars(db, 'web', 'production'), {});
  const lock = db.prepare("SELECT count(*) FROM deploy_locks WHERE env = 'production'").pluck();
  assert.equal(lock.get(), 0);
  assert.equal(listDeployments(db, 'web', 'production').length, 1);
  assert.equal(listReleases(db, 'web', 'production').length, 1);
  assert.equal(readLog(db, id).length, 2, "its line and recordLive's");
  assert.notEqual(getService(db, 'web', 'staging'), null);
  assert.equal(deleteService(db, 'web', 'production'), false);
});

test('deleteService with purge also deletes deployments, their log lines and releases', async (t) => {
  const { db } = await tempDb(t);
  const id = deployed(db, 'web', 'production');
  const other = deployed(db, 'web', 'staging');
  assert.equal(deleteService(db, 'web', 'production', { purge: true }), true);
  assert.deepEqual(listDeployments(db, 'web', 'production'), []);
  assert.deepEqual(listReleases(db, 'web', 'production'), []);
  assert.deepEqual(readLog(db, id), []);
  assert.equal(readLog(db, other).length, 2);
  assert.equal(listReleases(db, 'web', 'staging').length, 1);
  assert.deepEqual(listEnvVars(db, 'web', 'staging'), { K: 'v' });
});
