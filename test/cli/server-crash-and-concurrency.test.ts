// Crash safety and serialisation, with real processes: kill -9 mid-deploy, two deploys at once,
// and a database whose applied migration was edited.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { readLog } from '../../src/daemon/state/build-log.js';
import { getDeployment, listDeployments } from '../../src/daemon/state/deployments.js';
import type { Deployment } from '../../src/daemon/state/types.js';
import { deployFixture, type DeployFixture } from '../daemon/deploy/fixture.js';
import { httpGetUntil } from '../helpers/http.js';
import { mypaas } from './server-cli.js';

test('kill -9 during the health gate: the next change marks it interrupted and the old release serves', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('crash');
  assert.equal(
    (await mypaas(f, 'server', 'deploy', await f.app(service, { scale: 2 }))).exitCode,
    0,
  );
  const before = await f.engine.runtime.listContainers({ service }, f.network);

  const child = mypaas(
    f,
    'server',
    'deploy',
    await f.app(service, { scale: 2, version: 'v2', bootSeconds: 4 }),
  );
  const victim = await waitFor(f, () =>
    listDeployments(f.engine.db, service).find((d) => d.id === 2 && d.step === 'gate'),
  );
  child.kill('SIGKILL');
  await child;
  assert.equal(
    getDeployment(f.engine.db, victim.id)?.status,
    'starting',
    'the dead process could not record anything',
  );

  // Read-only commands never recover; any change does first.
  const status = await mypaas(f, 'server', 'status', service);
  assert.equal(status.exitCode, 0, status.all);
  assert.equal(getDeployment(f.engine.db, victim.id)?.status, 'starting');
  const change = await mypaas(f, 'server', 'env', service, 'set', 'A=1');
  assert.equal(change.exitCode, 0, change.all);
  assert.match(change.stderr, /deployment #2 .* was interrupted during gate/);
  const after = getDeployment(f.engine.db, victim.id);
  assert.equal(after?.status, 'interrupted');
  assert.match(after?.error ?? '', /interrupted during gate/);
  const left = await f.engine.runtime.listContainers({ service }, f.network);
  assert.deepEqual(
    left.map((c) => c.id).sort(),
    before.map((c) => c.id).sort(),
    'only the old containers remain',
  );
  for (const c of left) {
    assert.equal(c.state, 'running');
    assert.match(
      (await httpGetUntil(`http://${c.ip}:8080/`, { deadlineMs: 2000, intervalMs: 50 })).body,
      /version=v1/,
    );
  }
  const next = await mypaas(
    f,
    'server',
    'deploy',
    await f.app(service, { scale: 2, version: 'v3' }),
  );
  assert.equal(next.exitCode, 0, 'the dead lock does not block the next deploy');
});

test('two deploys of one service at once run one after the other; the second says it waits', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('queue');
  const [a, b] = await Promise.all([
    mypaas(f, 'server', 'deploy', await f.app(service, { scale: 1, version: 'a', bootSeconds: 1 })),
    mypaas(f, 'server', 'deploy', await f.app(service, { scale: 1, version: 'b', bootSeconds: 1 })),
  ]);
  assert.equal(a.exitCode, 0, a.all);
  assert.equal(b.exitCode, 0, b.all);
  assert.equal([a, b].filter((r) => /waiting for deployment #\d+ on/.test(r.stdout)).length, 1);
  const [second, first] = listDeployments(f.engine.db, service) as [Deployment, Deployment];
  assert.deepEqual([first.status, second.status], ['superseded', 'live']);
  const firstLineOfSecond = readLog(f.engine.db, second.id)[0];
  assert.ok(
    firstLineOfSecond && first.finishedAt !== null && firstLineOfSecond.at >= first.finishedAt,
    'the second began after the first finished',
  );
});

test('an edited applied migration stops every command, naming the file and both checksums', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const db = new Database(join(f.home, 'mypaas.db'));
  const { checksum } = db
    .prepare('SELECT checksum FROM schema_migrations WHERE version = 1')
    .get() as { checksum: string };
  db.prepare("UPDATE schema_migrations SET checksum = 'feedface' WHERE version = 1").run();
  db.close();
  const result = await mypaas(f, 'server', 'status');
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /001_initial\.sql/);
  assert.ok(result.stderr.includes('feedface') && result.stderr.includes(checksum), result.stderr);
});

async function waitFor<T>(
  f: DeployFixture,
  probe: () => T | undefined,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms (home ${f.home})`);
}
