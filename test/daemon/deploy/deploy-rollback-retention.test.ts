// Rollback goes to releases that went live; retention prunes one service's old images, no one else's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeployResult } from '../../../src/daemon/deploy/deploy-directory.js';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import type { ReleaseChoice } from '../../../src/daemon/deploy/deploy-release.js';
import { deployRelease } from '../../../src/daemon/deploy/deploy-release.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { listReleases } from '../../../src/daemon/state/releases.js';
import type { DeployFixture } from './fixture.js';
import { deployFixture, request } from './fixture.js';
import { bodies, containersOf, dockerImageTags } from './serving.js';

test('rollback skips a release that never went live; a named one works; an unknown one does not', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('web');
  const v1 = await deployDirectory(f.engine, request(await f.app(service)), silentOutput);
  const v2 = await deployDirectory(
    f.engine,
    request(await f.app(service, { version: 'v2' })),
    silentOutput,
  );
  const v3 = await f.app(service, { version: 'v3', kind: 'never' });
  await assert.rejects(deployDirectory(f.engine, request(v3), silentOutput), {
    code: 'HEALTHCHECK_FAILED',
  });

  const back = await rollback(f, service, { kind: 'previous' });
  assert.equal(back.release.id, v1.release.id);
  assert.deepEqual(await liveBodies(f, service, back.deployment.id), ['version=v1 greeting=']);

  const named = await rollback(f, service, { kind: 'named', id: v2.release.id });
  assert.equal(named.release.id, v2.release.id);
  assert.deepEqual(await liveBodies(f, service, named.deployment.id), ['version=v2 greeting=']);

  await assert.rejects(rollback(f, service, { kind: 'named', id: '20000101-000000-dead' }), {
    code: 'RELEASE_NOT_FOUND',
  });
  assert.deepEqual(
    listDeployments(f.engine.db, service, 'production').map((d) => [d.trigger, d.status]),
    [
      ['rollback', 'live'],
      ['rollback', 'superseded'],
      ['server-deploy', 'failed'],
      ['server-deploy', 'superseded'],
      ['server-deploy', 'superseded'],
    ],
  );
});

test('keep_releases = 2 keeps the newest two images of the service and never touches another', async (t) => {
  const f = await deployFixture(t, 'keep_releases = 2');
  if (!f) return;
  const other = f.service('other');
  const kept = await deployDirectory(f.engine, request(await f.app(other)), silentOutput);
  const service = f.service('web');
  const deployed: DeployResult[] = [];
  for (const version of ['v1', 'v2', 'v3', 'v4']) {
    const dir = await f.app(service, { version });
    deployed.push(await deployDirectory(f.engine, request(dir), silentOutput));
  }

  const newest = deployed.slice(2);
  assert.deepEqual(
    await dockerImageTags(f.docker, service),
    newest.map((d) => d.release.image).sort(),
  );
  assert.deepEqual(
    listReleases(f.engine.db, service, 'production').map((r) => r.id),
    newest.map((d) => d.release.id).reverse(),
  );
  assert.deepEqual(await dockerImageTags(f.docker, other), [kept.release.image]);
  assert.deepEqual(await bodies(kept.containers), ['version=v1 greeting=']);
  assert.deepEqual(await bodies(deployed[3]?.containers ?? []), ['version=v4 greeting=']);
});

function rollback(f: DeployFixture, service: string, choice: ReleaseChoice) {
  return deployRelease(
    f.engine,
    { service, env: 'production', choice, trigger: 'rollback', actor: 'test' },
    silentOutput,
  );
}

async function liveBodies(f: DeployFixture, service: string, deployment: number) {
  return bodies(await containersOf(f, service, deployment));
}
