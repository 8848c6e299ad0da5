// scale >= 1: the new containers pass the gate before any old one is stopped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { readLog } from '../../../src/daemon/state/build-log.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { httpGetUntil } from '../../helpers/http.js';
import { dockerEvents } from './docker-events.js';
import { deployFixture, request } from './fixture.js';

test('a scale-2 redeploy starts, gates and routes the new containers before stopping the old', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('web');
  const first = await deployDirectory(
    f.engine,
    request(await f.app(service, { scale: 2, version: 'v1' })),
    silentOutput,
  );
  assert.equal(first.containers.length, 2);
  for (const c of first.containers) {
    const res = await httpGetUntil(`http://${c.ip}:8080/`, { deadlineMs: 2000, intervalMs: 50 });
    assert.match(res.body, /version=v1/);
  }
  const since = Math.floor(Date.now() / 1000) - 1;
  const dir = await f.app(service, { scale: 2, version: 'v2', bootSeconds: 2 });
  const second = await deployDirectory(f.engine, request(dir), silentOutput);
  const until = Math.ceil(Date.now() / 1000) + 1;

  for (const c of second.containers) {
    const res = await httpGetUntil(`http://${c.ip}:8080/`, { deadlineMs: 2000, intervalMs: 50 });
    assert.match(res.body, /version=v2/);
  }
  const events = await dockerEvents(f.docker, service, since, until);
  const newIds = new Set(second.containers.map((c) => c.id));
  const oldIds = new Set(first.containers.map((c) => c.id));
  const newStarts = events
    .filter((e) => e.status === 'start' && newIds.has(e.id))
    .map((e) => e.timeNano);
  const oldKills = events.filter(
    (e) => (e.status === 'kill' || e.status === 'die') && oldIds.has(e.id),
  );
  assert.equal(newStarts.length, 2, 'both new containers started');
  assert.ok(oldKills.length >= 2, 'both old containers were stopped');
  // The new app sleeps 2 s before it listens, so the gate holds the old ones for at least that.
  const lastNewStart = Math.max(...newStarts);
  for (const kill of oldKills)
    assert.ok(
      kill.timeNano - lastNewStart >= 2e9,
      'an old container stopped before the new ones were healthy',
    );
  const log = readLog(f.engine.db, second.deployment.id).map((l) => l.line);
  assert.ok(
    log.indexOf('waiting for 2 containers to answer the health check') <
      log.indexOf('draining 2 old containers'),
  );
  assert.deepEqual(
    listDeployments(f.engine.db, service, 'production').map((d) => d.status),
    ['live', 'superseded'],
  );
  const left = await f.engine.runtime.listContainers({ service }, f.network);
  assert.deepEqual(new Set(left.map((c) => c.id)), newIds, 'only the new containers remain');
});
