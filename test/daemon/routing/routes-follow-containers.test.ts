// Routes follow containers: when two live services' containers come back with each other's old
// addresses (as after a reboot), HAProxy still sends each host to its own service.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { startDaemon } from '../../../src/daemon/daemon.js';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { followRoutes } from '../../../src/daemon/routing/route-follower.js';
import { newRunId, testLabel } from '../../helpers/docker.js';
import { freePort } from '../../helpers/free-port.js';
import { httpGetUntil } from '../../helpers/http.js';
import { deployFixture, request, type DeployFixture } from '../deploy/fixture.js';
import { containersOf } from '../deploy/serving.js';

void test('after the containers restart with swapped addresses, each host serves its own service', async (t) => {
  const s = await twoLiveServices(t);
  if (!s) return;
  const follower = followRoutes(s.f.engine, { debounceMs: 50, retryMs: 200, log: () => {} });
  t.after(() => follower.stop());
  await swapAddresses(s.f, s.docker, s.ids);
  await s.expectOwnPages();
  await follower.stop();
});

void test('a daemon that starts after the addresses swapped routes each host to its own service', async (t) => {
  const s = await twoLiveServices(t);
  if (!s) return;
  await swapAddresses(s.f, s.docker, s.ids);
  const log: string[] = [];
  const daemon = await startDaemon({
    engine: s.f.engine,
    listen: '127.0.0.1:0',
    log: (text) => log.push(text),
  });
  t.after(() => daemon.stop(10_000));
  await s.expectOwnPages();
});

interface TwoServices {
  f: DeployFixture;
  docker: Docker;
  /** The container ids of a and b. */
  ids: [string, string];
  /** Waits (bounded) until a's host serves a's page and b's host b's, through HAProxy. */
  expectOwnPages(): Promise<void>;
}

// Two web services live behind HAProxy on a network whose addresses a test may choose.
async function twoLiveServices(
  t: Parameters<typeof deployFixture>[0],
): Promise<TwoServices | null> {
  const [httpPort, httpsPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const proxy = `driver = "haproxy"\nhttp_port = ${httpPort}\nhttps_port = ${httpsPort}\napi_port = ${apiPort}`;
  const f = await deployFixture(t, '', proxy);
  if (!f) return null;
  await createSubnetNetwork(f.docker, f.network);
  const [a, b] = [f.service('a'), f.service('b')];
  for (const [service, version] of [
    [a, 'page-a'],
    [b, 'page-b'],
  ] as const) {
    const dir = await f.app(service, {
      version,
      scale: 1,
      directives: [`url=http://${service}.test`],
    });
    await deployDirectory(f.engine, request(dir), silentOutput);
  }
  const [ca] = await containersOf(f, a);
  const [cb] = await containersOf(f, b);
  assert.ok(ca && cb, 'both services run one container');
  const pageOf = async (service: string): Promise<string> => {
    const res = await httpGetUntil(`http://127.0.0.1:${httpPort}/`, {
      deadlineMs: 5000,
      intervalMs: 100,
      hostHeader: `${service}.test`,
    });
    return `${res.status} ${res.body.trim()}`;
  };
  assert.match(await pageOf(a), /^200 version=page-a/);
  assert.match(await pageOf(b), /^200 version=page-b/);
  return {
    f,
    docker: f.docker,
    ids: [ca.id, cb.id],
    expectOwnPages: async () => {
      // Generous: the follower reacts to Docker's events, the daemon at its start.
      const giveUpAt = Date.now() + 60_000;
      let seen = '';
      while (Date.now() < giveUpAt) {
        seen = `${await pageOf(a).catch(String)} | ${await pageOf(b).catch(String)}`;
        if (/^200 version=page-a.* \| 200 version=page-b/.test(seen)) return;
        await sleep(200);
      }
      assert.fail(`hosts still serve the wrong pages: ${seen}`);
    },
  };
}

// Stops both containers and starts them again on each other's old address, b first, as a reboot
// that hands addresses out in another order does.
async function swapAddresses(
  f: DeployFixture,
  docker: Docker,
  ids: [string, string],
): Promise<void> {
  const network = docker.getNetwork(f.network);
  const before = await Promise.all(ids.map((id) => addressOf(docker, id, f.network)));
  for (const id of ids) await docker.getContainer(id).stop({ t: 1 });
  for (const id of ids) await network.disconnect({ Container: id, Force: true });
  const [a, b] = ids;
  const [ipA = '', ipB = ''] = before;
  const [aliasA = '', aliasB = ''] = await Promise.all(ids.map((id) => serviceAlias(docker, id)));
  await network.connect({
    Container: b,
    EndpointConfig: { IPAMConfig: { IPv4Address: ipA }, Aliases: [aliasB] },
  });
  await network.connect({
    Container: a,
    EndpointConfig: { IPAMConfig: { IPv4Address: ipB }, Aliases: [aliasA] },
  });
  await docker.getContainer(b).start();
  await docker.getContainer(a).start();
  const after = await Promise.all(ids.map((id) => addressOf(docker, id, f.network)));
  assert.deepEqual(after, [ipB, ipA], 'the two containers swapped addresses');
}

async function addressOf(docker: Docker, id: string, network: string): Promise<string> {
  const info = await docker.getContainer(id).inspect();
  return info.NetworkSettings.Networks[network]?.IPAddress ?? '';
}

async function serviceAlias(docker: Docker, id: string): Promise<string> {
  const info = await docker.getContainer(id).inspect();
  return info.Config.Labels['mypaas.service'] ?? '';
}

// The fixture's network made first, with a subnet of its own, so containers can be given addresses.
async function createSubnetNetwork(docker: Docker, name: string): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    const subnet = `10.${randomInt(100, 250)}.${randomInt(0, 255)}.0/24`;
    try {
      await docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        IPAM: { Config: [{ Subnet: subnet }] },
        Labels: { 'mypaas.network': '1', ...testLabel(newRunId()) },
      });
      return;
    } catch (err) {
      // Another network may hold that subnet already; pick another.
      if (attempt >= 20) throw err;
    }
  }
}
