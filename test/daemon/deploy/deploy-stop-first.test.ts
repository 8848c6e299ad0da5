// scale 0 or unset: the old container stops before the new one starts, and comes back if it fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { getService } from '../../../src/daemon/state/services.js';
import { deploymentContainerIds, dockerEvents, eventTimes } from './docker-events.js';
import { deployFixture, request } from './fixture.js';
import { bodies, containersOf, dockerContainerIds } from './serving.js';

test('with scale unset the old container stops before the new one starts, and is removed after', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('web');
  const first = await deployDirectory(
    f.engine,
    request(await f.app(service, { version: 'v1' })),
    silentOutput,
  );
  assert.equal(first.containers.length, 1);
  const since = Math.floor(Date.now() / 1000) - 1;
  const dir = await f.app(service, { version: 'v2' });
  const second = await deployDirectory(f.engine, request(dir), silentOutput);
  const until = Math.ceil(Date.now() / 1000) + 1;

  const [oldId, newId] = [first.containers[0]?.id ?? '', second.containers[0]?.id ?? ''];
  const events = await dockerEvents(f.docker, service, since, until);
  const [oldDied] = eventTimes(events, oldId, 'die');
  const [oldDestroyed] = eventTimes(events, oldId, 'destroy');
  const newStarts = eventTimes(events, newId, 'start');
  assert.equal(newStarts.length, 1, 'the new container started once');
  const newStarted = newStarts[0] ?? 0;
  assert.ok(oldDied !== undefined && oldDied < newStarted, 'the old one stopped first');
  assert.ok(oldDestroyed !== undefined && oldDestroyed > newStarted, 'it was removed after');

  assert.deepEqual(await dockerContainerIds(f.docker, service), [newId]);
  assert.deepEqual(await bodies(second.containers), ['version=v2 greeting=']);
  assert.deepEqual(
    listDeployments(f.engine.db, service, 'production').map((d) => d.status),
    ['live', 'superseded'],
  );
});

test('with scale 0 a new release that never answers fails, and the old container serves again', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('web');
  const first = await deployDirectory(
    f.engine,
    request(await f.app(service, { scale: 0, version: 'v1' })),
    silentOutput,
  );
  const oldId = first.containers[0]?.id ?? '';
  const since = Math.floor(Date.now() / 1000) - 1;
  const dir = await f.app(service, { scale: 0, version: 'v2', kind: 'never' });
  await assert.rejects(deployDirectory(f.engine, request(dir), silentOutput), {
    code: 'HEALTHCHECK_FAILED',
  });
  const until = Math.ceil(Date.now() / 1000) + 1;

  const [failed, live] = listDeployments(f.engine.db, service, 'production');
  assert.ok(failed && live, 'two deployments');
  assert.equal(failed.status, 'failed');
  assert.ok(failed.error, 'the failed deployment says why');
  assert.equal(live.id, first.deployment.id);
  assert.equal(live.status, 'live');
  assert.equal(getService(f.engine.db, service, 'production')?.liveDeploymentId, live.id);

  // The old container was stopped for the new one, then started again once the new one failed.
  const events = await dockerEvents(f.docker, service, since, until);
  const created = deploymentContainerIds(events, failed.id);
  assert.equal(created.length, 1, 'one new container was made');
  const newId = created[0] ?? '';
  const [oldDied] = eventTimes(events, oldId, 'die');
  const [newStarted] = eventTimes(events, newId, 'start');
  const [newDestroyed] = eventTimes(events, newId, 'destroy');
  const oldStarts = eventTimes(events, oldId, 'start');
  assert.ok(oldDied !== undefined && newStarted !== undefined && oldDied < newStarted);
  assert.ok(newDestroyed !== undefined, 'the new container was removed');
  assert.ok(
    oldStarts.some((s) => s > newStarted),
    'the old container was started again after the new one',
  );

  assert.deepEqual(await dockerContainerIds(f.docker, service), [oldId]);
  const back = await containersOf(f, service, first.deployment.id);
  assert.deepEqual(
    back.map((c) => c.state),
    ['running'],
  );
  assert.deepEqual(await bodies(back), ['version=v1 greeting=']);
});
