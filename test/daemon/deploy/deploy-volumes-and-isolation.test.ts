// Volumes mount only allowed host paths; rm, stop and start act on exactly one service.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import type { DeployResult } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { removeService, startService, stopService } from '../../../src/daemon/service-control.js';
import { fingerprint } from '../../../src/core/ssh-keys.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { addKey } from '../../../src/daemon/state/keys.js';
import { getService } from '../../../src/daemon/state/services.js';
import { deployFixture, request } from './fixture.js';
import { bodies, containersOf, dockerContainerIds, dockerImageTags, runState } from './serving.js';

test('a volume under the user home is created on the host and holds what the app writes', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('data');
  const dir = await f.app(service, { directives: [`volume=~/data/${service}:/data`] });
  const deployed = await deployDirectory(f.engine, request(dir), silentOutput);
  const host = join(f.userHome, 'data', service);
  assert.ok((await stat(host)).isDirectory());
  const name = deployed.containers[0]?.name ?? '';
  assert.equal(await readFile(join(host, 'hello'), 'utf8'), `written by ${name}\n`);
});

test('volumes of /etc, ~/.ssh and MYPAAS_HOME are refused before anything is built', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('data');
  for (const volume of ['/etc:/x', '~/.ssh:/x', `${f.home}:/x`, `${f.home}/mypaas.db:/x`]) {
    const dir = await f.app(service, { directives: [`volume=${volume}`] });
    await assert.rejects(
      deployDirectory(f.engine, request(dir), silentOutput),
      { code: 'VOLUME_NOT_ALLOWED' },
      volume,
    );
  }
  assert.deepEqual(listDeployments(f.engine.db, service), []);
  assert.deepEqual(await dockerImageTags(f.docker, service), []);
});

test('a symlink in an allowed root that points outside it is refused, and nothing is made there', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const outside = await mkdtemp(join(tmpdir(), 'mypaas-outside-'));
  t.after(() => rm(outside, { recursive: true, force: true }));
  await symlink('/etc', join(f.userHome, 'etc-link'));
  await symlink(outside, join(f.userHome, 'outside-link'));
  const service = f.service('data');
  for (const volume of ['~/etc-link:/x', '~/outside-link/sub:/x']) {
    const dir = await f.app(service, { directives: [`volume=${volume}`] });
    await assert.rejects(
      deployDirectory(f.engine, request(dir), silentOutput),
      { code: 'VOLUME_NOT_ALLOWED' },
      volume,
    );
  }
  assert.equal(existsSync(join(outside, 'sub')), false, 'no directory made outside the roots');
  assert.deepEqual(await dockerContainerIds(f.docker, service), []);
  // Refused in the preflight, with symlinks resolved: nothing was built or recorded.
  assert.deepEqual(listDeployments(f.engine.db, service), []);
  assert.deepEqual(await dockerImageTags(f.docker, service), []);
});

test('rm, stop and start of a service leave services sharing its name prefix alone', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const foo = f.service('foo');
  const [foo2, fooBar] = [`${foo}-2`, `${foo}.bar`];
  const deployed = new Map<string, DeployResult>();
  for (const [service, version] of [
    [foo, 'foo'],
    [foo2, 'foo-2'],
    [fooBar, 'foo.bar'],
  ] as const) {
    const dir = await f.app(service, { version });
    deployed.set(service, await deployDirectory(f.engine, request(dir), silentOutput));
  }
  const ids = (service: string) => deployed.get(service)?.containers.map((c) => c.id) ?? [];
  const fooBarBefore = await runState(f.docker, ids(fooBar)[0] ?? '');

  await removeService(f.engine, foo, 'production', silentOutput);
  assert.deepEqual(await dockerContainerIds(f.docker, foo), []);
  assert.deepEqual(await dockerImageTags(f.docker, foo), []);
  assert.equal(getService(f.engine.db, foo, 'production'), null);
  for (const service of [foo2, fooBar]) {
    assert.deepEqual(await dockerContainerIds(f.docker, service), ids(service));
    assert.deepEqual(await dockerImageTags(f.docker, service), [
      deployed.get(service)?.release.image,
    ]);
  }
  assert.deepEqual(await bodies(deployed.get(foo2)?.containers ?? []), ['version=foo-2 greeting=']);

  await stopService(f.engine, foo2, 'production', silentOutput);
  assert.deepEqual(await dockerContainerIds(f.docker, foo2), ids(foo2), 'stopped, not removed');
  assert.equal((await runState(f.docker, ids(foo2)[0] ?? '')).running, false);
  assert.equal(getService(f.engine.db, foo2, 'production')?.state, 'stopped');

  await startService(f.engine, foo2, 'production', silentOutput);
  const live = getService(f.engine.db, foo2, 'production');
  assert.equal(live?.state, 'running');
  const started = await containersOf(f, foo2, live.liveDeploymentId ?? -1);
  assert.deepEqual(
    started.map((c) => [c.id, c.state]),
    [[ids(foo2)[0], 'running']],
  );
  assert.deepEqual(await bodies(started), ['version=foo-2 greeting=']);

  assert.deepEqual(await runState(f.docker, ids(fooBar)[0] ?? ''), fooBarBefore);
  assert.deepEqual(await bodies(deployed.get(fooBar)?.containers ?? []), [
    'version=foo.bar greeting=',
  ]);
});

test("a container that binds a host directory is never started again once its service is a deployer's", async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('handed');
  const dir = await f.app(service, { directives: [`volume=~/data/${service}:/data`] });
  await deployDirectory(f.engine, request(dir), silentOutput);
  await stopService(f.engine, service, 'production', silentOutput);
  const blob = randomBytes(51);
  addKey(f.engine.db, {
    name: 'tenant',
    key: {
      type: 'ssh-ed25519',
      label: 'ED25519',
      bits: 256,
      blob,
      fingerprint: fingerprint(blob),
      comment: '',
    },
    role: 'deployer',
    services: [service],
  });
  await assert.rejects(startService(f.engine, service, 'production', silentOutput), {
    code: 'PERMISSION_DENIED',
  });
  const [c] = await containersOf(f, service);
  assert.equal(c?.state, 'exited', 'it stays stopped');
});
