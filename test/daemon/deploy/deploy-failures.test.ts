// A release that fails its gate, crashes or does not build leaves the live release serving, untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMypaasError } from '../../../src/core/errors.js';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { readLog } from '../../../src/daemon/state/build-log.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { getRelease, listReleases } from '../../../src/daemon/state/releases.js';
import { getService } from '../../../src/daemon/state/services.js';
import { deployFixture, request } from './fixture.js';
import { recordingOutput } from './recording-output.js';
import { bodies, dockerContainerIds, runState } from './serving.js';

test('a scale-2 release that never answers fails and the old containers are never touched', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('web');
  const first = await deployDirectory(
    f.engine,
    request(await f.app(service, { scale: 2, version: 'v1' })),
    silentOutput,
  );
  const oldIds = first.containers.map((c) => c.id).sort();
  const before = await Promise.all(oldIds.map((id) => runState(f.docker, id)));

  const dir = await f.app(service, { scale: 2, version: 'v2', kind: 'never' });
  await assert.rejects(deployDirectory(f.engine, request(dir), silentOutput), {
    code: 'HEALTHCHECK_FAILED',
  });

  assert.deepEqual(await dockerContainerIds(f.docker, service), oldIds, 'no new container left');
  const after = await Promise.all(oldIds.map((id) => runState(f.docker, id)));
  assert.deepEqual(after, before, 'still running, never restarted');
  assert.ok(after.every((s) => s.running));
  assert.deepEqual(await bodies(first.containers), [
    'version=v1 greeting=',
    'version=v1 greeting=',
  ]);
  assert.deepEqual(
    listDeployments(f.engine.db, service, 'production').map((d) => d.status),
    ['failed', 'live'],
  );
});

test('a release that crashes fails the gate at once, with its last log line', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('crash');
  const output = recordingOutput();
  const dir = await f.app(service, { kind: 'crash' });
  await assert.rejects(deployDirectory(f.engine, request(dir), output), (err: unknown) => {
    assert.ok(isMypaasError(err));
    assert.equal(err.code, 'HEALTHCHECK_FAILED');
    assert.ok(
      err.details.some((line) => line.includes('fatal: DATABASE_URL is not set')),
      `the app's last words are in the details: ${JSON.stringify(err.details)}`,
    );
    return true;
  });
  const failedAt = performance.now();
  const gate = output.entries.find((e) => e.kind === 'step' && e.text.startsWith('waiting for'));
  assert.ok(gate, 'the gate started');
  // The health timeout is 5 s: a dead container must not be waited for until then.
  assert.ok(failedAt - gate.at < 4000, `failed ${Math.round(failedAt - gate.at)} ms into the gate`);

  assert.deepEqual(await dockerContainerIds(f.docker, service), []);
  const [failed] = listDeployments(f.engine.db, service, 'production');
  assert.equal(failed?.status, 'failed');
  // On the host (status, logs and rm find it), with nothing live.
  assert.equal(getService(f.engine.db, service, 'production')?.liveDeploymentId, null);
  // The stored log tells how it ended, with the app's last words, not only "waiting for…".
  const stored = readLog(f.engine.db, failed.id).map((l) => l.line);
  const end = stored.findIndex((l) => l.startsWith(`deployment #${failed.id} failed: `));
  assert.ok(end > 0, stored.join('\n'));
  assert.match(stored[end] ?? '', /did not become healthy: the container exited with code 3/);
  assert.ok(stored.slice(end).includes('  fatal: DATABASE_URL is not set'), stored.join('\n'));
  assert.match(stored.at(-1) ?? '', /^hint: the app must listen on 0\.0\.0\.0/);
});

test('a build failure fails the deployment, keeps its output and leaves the live release alone', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('web');
  const first = await deployDirectory(
    f.engine,
    request(await f.app(service, { version: 'v1' })),
    silentOutput,
  );
  const before = await runState(f.docker, first.containers[0]?.id ?? '');

  const dir = await f.app(service, { version: 'v2', kind: 'broken-build' });
  await assert.rejects(deployDirectory(f.engine, request(dir), silentOutput), {
    code: 'BUILD_FAILED',
  });

  const live = readLog(f.engine.db, first.deployment.id).at(-1);
  assert.equal(live?.line, `deployment #${first.deployment.id} is live`);
  const [failed] = listDeployments(f.engine.db, service, 'production');
  assert.ok(failed && failed.id !== first.deployment.id);
  const stored = readLog(f.engine.db, failed.id).map((l) => l.line);
  assert.match(stored.at(-1) ?? '', /^deployment #\d+ failed: docker build of \S+ failed/);
  assert.equal(stored.filter((l) => l === 'error: it does not compile').length, 1, 'stored once');
  assert.equal(failed.status, 'failed');
  const build = readLog(f.engine.db, failed.id).filter((l) => l.stream === 'build');
  assert.ok(
    build.some((l) => l.line === 'error: it does not compile'),
    'the compiler output is kept',
  );
  assert.equal(getRelease(f.engine.db, service, failed.releaseId), null);
  assert.deepEqual(
    listReleases(f.engine.db, service, 'production').map((r) => r.id),
    [first.release.id],
  );
  assert.equal(await f.engine.runtime.imageExists(`${service}:${failed.releaseId}`), false);

  assert.equal(
    getService(f.engine.db, service, 'production')?.liveDeploymentId,
    first.deployment.id,
  );
  assert.deepEqual(
    await dockerContainerIds(f.docker, service),
    first.containers.map((c) => c.id),
  );
  assert.deepEqual(await runState(f.docker, first.containers[0]?.id ?? ''), before);
  assert.deepEqual(await bodies(first.containers), ['version=v1 greeting=']);
});
