// Crash recovery in-process: a deployment whose process died is undone before it served, finished after.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execa } from 'execa';
import type { DeployResult } from '../../../src/daemon/deploy/deploy-directory.js';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { containerOptions } from '../../../src/daemon/deploy/container-options.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { recoverAll } from '../../../src/daemon/deploy/recover.js';
import { resolveEnv } from '../../../src/daemon/deploy/resolve-env.js';
import type { ProcessIdentity } from '../../../src/daemon/state/deploy-lock.js';
import {
  isHolderAlive,
  processIdentity,
  tryAcquireLock,
} from '../../../src/daemon/state/deploy-lock.js';
import type { Deployment } from '../../../src/daemon/state/deployments.js';
import {
  createDeployment,
  getDeployment,
  updateDeployment,
} from '../../../src/daemon/state/deployments.js';
import { getService } from '../../../src/daemon/state/services.js';
import type { DeployFixture } from './fixture.js';
import { deployFixture } from './fixture.js';
import { recordingOutput } from './recording-output.js';
import { bodies, containersOf, dockerContainerIds, runState } from './serving.js';

test('a deployment that died while gating is undone: its container goes, the live one serves on', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('web');
  const live = await deployDirectory(f.engine, request(await f.app(service)), silentOutput);
  const liveId = live.containers[0]?.id ?? '';
  const before = await runState(f.docker, liveId);
  const { deployment, containerId } = await crashedDeployment(f, live, 'gate');

  const output = recordingOutput();
  await recoverAll(f.engine, output);

  const after = getDeployment(f.engine.db, deployment.id);
  assert.equal(after?.status, 'interrupted');
  assert.match(after.error ?? '', /\bgate\b/, 'the error names the step it died in');
  assert.ok(
    output.entries.some((e) => e.kind === 'warn'),
    'recovery says what it did',
  );
  assert.equal(await f.engine.runtime.inspectContainer(containerId, f.network), null);
  assert.deepEqual(await dockerContainerIds(f.docker, service), [liveId]);
  assert.deepEqual(await runState(f.docker, liveId), before, 'the live container untouched');
  assert.equal(
    getService(f.engine.db, service, 'production')?.liveDeploymentId,
    live.deployment.id,
  );
  assert.deepEqual(await bodies(live.containers), ['version=v1 greeting=']);
  assertLockFree(f, service);
});

test('a deployment that died while draining is finished: it goes live, the old containers go', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('web');
  const live = await deployDirectory(f.engine, request(await f.app(service)), silentOutput);
  const { deployment, containerId } = await crashedDeployment(f, live, 'drain');

  await recoverAll(f.engine, recordingOutput());

  assert.equal(getDeployment(f.engine.db, deployment.id)?.status, 'live');
  assert.equal(getDeployment(f.engine.db, live.deployment.id)?.status, 'superseded');
  assert.equal(getService(f.engine.db, service, 'production')?.liveDeploymentId, deployment.id);
  assert.deepEqual(await dockerContainerIds(f.docker, service), [containerId]);
  const serving = await containersOf(f, service, deployment.id);
  assert.deepEqual(await bodies(serving), ['version=v1 greeting=']);
  assertLockFree(f, service);
});

function request(dir: string) {
  return { dir, env: 'production', trigger: 'server-deploy' as const, actor: 'test' };
}

/**
 * What a `kill -9` during a redeploy leaves: a 'starting' deployment at `step` owned by a dead
 * process, which still holds the deploy lock, and a running container of that deployment.
 */
async function crashedDeployment(
  f: DeployFixture,
  live: DeployResult,
  step: 'gate' | 'drain',
): Promise<{ deployment: Deployment; containerId: string }> {
  const dead = await deadProcess();
  const { db } = f.engine;
  const { release } = live;
  const created = createDeployment(db, {
    service: release.service,
    env: 'production',
    releaseId: release.id,
    trigger: 'redeploy',
    actor: 'test',
    previousDeploymentId: live.deployment.id,
    pid: dead.pid,
    pidStart: dead.start,
  });
  const deployment = updateDeployment(db, created.id, { status: 'starting', step });
  const lock = tryAcquireLock(db, release.service, 'production', {
    ...dead,
    deploymentId: deployment.id,
  });
  assert.ok(lock.acquired);
  const variables = resolveEnv(release.spec, {
    secrets: {},
    overrides: {},
    configFile: f.engine.configFile,
    confined: false,
  });
  const containerId = await f.engine.runtime.createContainer(
    containerOptions({
      spec: release.spec,
      env: 'production',
      release: release.id,
      image: release.image,
      deploymentId: deployment.id,
      replica: 1,
      variables,
      volumes: [],
      network: f.network,
      stopTimeoutMs: f.engine.config.deploy.stopTimeoutMs,
      init: true,
      limits: { memoryBytes: null, nanoCpus: null, pids: null },
    }),
  );
  await f.engine.runtime.startContainer(containerId);
  return { deployment, containerId };
}

/** The identity of a process that ran and is gone (reaped), as a crashed mypaas would leave. */
async function deadProcess(): Promise<ProcessIdentity> {
  const child = execa(process.execPath, ['-e', 'setTimeout(() => {}, 2000)'], { reject: false });
  assert.ok(child.pid !== undefined);
  const identity = processIdentity(child.pid);
  child.kill('SIGKILL');
  await child;
  assert.equal(isHolderAlive(identity.pid, identity.start), false);
  return identity;
}

function assertLockFree(f: DeployFixture, service: string): void {
  const row = f.engine.db
    .prepare('SELECT pid FROM deploy_locks WHERE service = ? AND env = ?')
    .get(service, 'production');
  assert.equal(row, undefined, 'recovery gave the lock back');
}
