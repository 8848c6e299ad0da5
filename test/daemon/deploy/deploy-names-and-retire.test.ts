// Names on the app networks are unique by construction, and a swap that has switched traffic is
// live even when the old containers will not go.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execa } from 'execa';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { getService } from '../../../src/daemon/state/services.js';
import { deployFixture, request } from './fixture.js';
import { recordingOutput } from './recording-output.js';
import { dockerContainerIds } from './serving.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';

// The addresses `name` resolves to inside `container`, through Docker's DNS.
async function resolveIn(container: string, name: string): Promise<string[]> {
  const { stdout } = await execa('docker', ['exec', container, 'nslookup', name], {
    reject: false,
  });
  const answers = stdout.split(/\n/).slice(stdout.split(/\n/).findIndex((l) => l.includes(name)));
  return answers.flatMap((l) => /^Address(?: \d+)?:\s*([0-9.]+)$/.exec(l.trim())?.slice(1) ?? []);
}

test('service web in env db and a service web-db never answer to one name', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const web = f.service('web');
  const webDb = `${web}-db`;
  const inDb = await deployDirectory(
    f.engine,
    { ...request(await f.app(web, { version: 'env-db' })), env: 'db' },
    silentOutput,
  );
  const plain = await deployDirectory(
    f.engine,
    request(await f.app(webDb, { version: 'service-web-db' })),
    silentOutput,
  );
  const [a] = inDb.containers;
  const [b] = plain.containers;
  assert.ok(a?.ip && b?.ip);
  assert.deepEqual(await resolveIn(b.name, webDb), [b.ip], `${webDb} is only the service web-db`);
  assert.deepEqual(await resolveIn(a.name, web), [a.ip], 'web in env db finds itself as web');
  assert.deepEqual(await resolveIn(a.name, webDb), [], 'and not the other environment');
  const networks = (id: string) =>
    f.docker
      .getContainer(id)
      .inspect()
      .then((i) => Object.keys(i.NetworkSettings.Networks));
  assert.deepEqual(await networks(a.id), [`${f.network}.db`]);
  assert.deepEqual(await networks(b.id), [f.network]);
});

test('once traffic has switched the deploy is live, even when the old containers will not go', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('stuck');
  const first = await deployDirectory(
    f.engine,
    request(await f.app(service, { scale: 1, version: 'v1' })),
    silentOutput,
  );
  const stuck = new Set(first.containers.map((c) => c.id));
  const real = f.engine.runtime;
  // Docker refusing to stop the old container, as a hung engine call or a busy device does.
  f.engine.runtime = {
    ...real,
    stopContainer: async (id, ms) => {
      if (stuck.has(id)) throw new Error(`engine refused to stop ${id}`);
      return real.stopContainer(id, ms);
    },
  };
  const output = recordingOutput();
  const second = await deployDirectory(
    f.engine,
    request(await f.app(service, { scale: 1, version: 'v2' })),
    output,
  );
  const [live, old] = listDeployments(f.engine.db, service);
  assert.equal(live?.status, 'live');
  assert.equal(old?.status, 'superseded');
  assert.equal(getService(f.engine.db, service, 'production')?.liveDeploymentId, live?.id);
  const warnings = output.entries.filter((e) => e.kind === 'warn').map((e) => e.text);
  assert.ok(
    warnings.some((w) => /could not retire the old container .* after 3 tries/.test(w)),
    warnings.join('\n'),
  );
  const left = [...stuck, ...second.containers.map((c) => c.id)].sort();
  assert.deepEqual(await dockerContainerIds(f.docker, service), left, 'the old one was left');

  f.engine.runtime = real;
  const third = await deployDirectory(
    f.engine,
    request(await f.app(service, { scale: 1, version: 'v3' })),
    silentOutput,
  );
  assert.deepEqual(
    await dockerContainerIds(f.docker, service),
    third.containers.map((c) => c.id).sort(),
    'the next deploy removed the leftover',
  );
});
