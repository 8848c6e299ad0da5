// A new host is the one change that reloads HAProxy: exactly once, seamlessly, keeping every
// service's current servers and every keep-alive client's requests.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { haproxyPaths } from '../../../../src/daemon/routing/haproxy/haproxy-paths.js';
import { showProc } from '../../../../src/daemon/routing/haproxy/master-cli.js';
import { runtimeApiAt } from '../../../../src/daemon/routing/haproxy/runtime-api.js';
import { hammer } from './load-client.js';
import { get, route, startProxy, upstream } from './fixture.js';

void test('a new service reloads once; keep-alive clients across the reload see no error', async (t) => {
  const proxy = await startProxy(t);
  const paths = haproxyPaths(proxy.home);
  const [a, b, api] = [await upstream(t, 'a'), await upstream(t, 'b'), await upstream(t, 'api')];
  await proxy.router.apply(route('web', ['http://web.test'], [a]));
  await proxy.router.apply(route('web', ['http://web.test'], [b])); // runtime API only
  const before = await showProc(paths.masterSocket);

  let stop = false;
  const load = hammer({ port: proxy.httpPort, host: 'web.test', clients: 4, stop: () => stop });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await proxy.router.apply(route('api', ['http://api.test'], [api]));
  await new Promise((resolve) => setTimeout(resolve, 300));
  stop = true;
  const result = await load;

  const after = await showProc(paths.masterSocket);
  assert.equal(after.reloads, before.reloads + 1);
  assert.notDeepEqual(after.workers, before.workers);
  assert.deepEqual([result.failed, result.errors], [0, []]);
  assert.ok(result.ok > 50, `only ${result.ok} requests`);
  assert.deepEqual([...result.bodies.keys()], ['b']);
  t.diagnostic(`${result.ok} requests, ${result.retried} retried on a new connection`);

  // The new worker was rendered from the stored routes: web keeps b only, api is served.
  const servers = await runtimeApiAt(paths.runtimeSocket).listServers('be_web_production');
  assert.deepEqual(
    servers?.map((s) => [s.port, s.mode]),
    [[Number(new URL(b.url).port), 'ready']],
  );
  assert.equal((await get(proxy.httpPort, 'api.test')).body, 'api');
  assert.equal((await get(proxy.httpPort, 'web.test')).body, 'b');
});

void test("changing a service's urls reloads; applying the same route again does not", async (t) => {
  const proxy = await startProxy(t);
  const paths = haproxyPaths(proxy.home);
  const web = await upstream(t, 'web');
  await proxy.router.apply(route('web', ['http://web.test'], [web]));
  const reloads = async (): Promise<number> => (await showProc(paths.masterSocket)).reloads;
  assert.equal(await reloads(), 0);
  await proxy.router.apply(route('web', ['http://web.test'], [web]));
  assert.equal(await reloads(), 0);
  await proxy.router.apply(route('web', ['http://www.test'], [web]));
  assert.equal(await reloads(), 1);
  assert.equal((await get(proxy.httpPort, 'web.test')).status, 404);
  assert.equal((await get(proxy.httpPort, 'www.test')).body, 'web');
});
