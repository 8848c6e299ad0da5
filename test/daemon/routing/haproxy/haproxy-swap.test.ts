// Swaps move traffic through the runtime API: no reload, only the new servers right after apply,
// and drain lets an in-flight request finish before the old server is deleted.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { showProc } from '../../../../src/daemon/routing/haproxy/master-cli.js';
import { haproxyPaths } from '../../../../src/daemon/routing/haproxy/haproxy-paths.js';
import { runtimeApiAt } from '../../../../src/daemon/routing/haproxy/runtime-api.js';
import { get, route, startProxy, upstream } from './fixture.js';

void test('a swap goes through the runtime API without a reload; new requests reach only the new servers', async (t) => {
  const proxy = await startProxy(t);
  const paths = haproxyPaths(proxy.home);
  const [old1, old2] = [await upstream(t, 'old-1'), await upstream(t, 'old-2')];
  const [new1, new2] = [await upstream(t, 'new-1'), await upstream(t, 'new-2')];
  const byPort = new Map(
    [old1, old2, new1, new2].map((u) => [Number(new URL(u.url).port), u.name]),
  );
  const urls = ['http://web.test'];
  await proxy.router.apply(route('web', urls, [old1, old2]));
  const before = await showProc(paths.masterSocket);
  const pid = await runtimeApiAt(paths.runtimeSocket).workerPid();

  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  t.after(() => agent.destroy());
  assert.equal((await get(proxy.httpPort, 'web.test', '/', agent)).status, 200); // a reused connection

  await proxy.router.apply(route('web', urls, [new1, new2]));
  const seen = new Set<string>();
  for (let i = 0; i < 20; i++) {
    seen.add((await get(proxy.httpPort, 'web.test', '/', i % 2 === 0 ? agent : false)).body);
  }
  assert.deepEqual([...seen].sort(), ['new-1', 'new-2']);

  const after = await showProc(paths.masterSocket);
  assert.equal(await runtimeApiAt(paths.runtimeSocket).workerPid(), pid);
  assert.equal(after.reloads, before.reloads);
  assert.deepEqual(after.workers, [pid]);
  const servers = await runtimeApiAt(paths.runtimeSocket).listServers('be_web_production');
  assert.deepEqual(servers?.map((s) => [byPort.get(s.port), s.mode]).sort(), [
    ['new-1', 'ready'],
    ['new-2', 'ready'],
    ['old-1', 'drain'],
    ['old-2', 'drain'],
  ]);
});

void test('drain waits for an in-flight slow request, then deletes the old server', async (t) => {
  const proxy = await startProxy(t);
  const api = runtimeApiAt(haproxyPaths(proxy.home).runtimeSocket);
  const [old, fresh] = [await upstream(t, 'old', 1_000), await upstream(t, 'new')];
  const urls = ['http://web.test'];
  await proxy.router.apply(route('web', urls, [old]));

  const slow = get(proxy.httpPort, 'web.test', '/slow');
  while (old.hits() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  await proxy.router.apply(route('web', urls, [fresh]));
  const started = performance.now();
  await proxy.router.drain(route('web', urls, [old]), route('web', urls, [old]).upstreams, 5_000);
  const drainedMs = performance.now() - started;

  assert.deepEqual(await slow.then((r) => [r.status, r.body]), [200, 'old']);
  assert.ok(drainedMs > 700 && drainedMs < 2_500, `drain took ${drainedMs} ms`);
  const servers = await api.listServers('be_web_production');
  assert.deepEqual(
    servers?.map((s) => [s.port, s.mode]),
    [[Number(new URL(fresh.url).port), 'ready']],
  );
  assert.equal((await get(proxy.httpPort, 'web.test')).body, 'new');
});

void test('a drain that runs out of time cuts the request and deletes the server anyway', async (t) => {
  const proxy = await startProxy(t);
  const api = runtimeApiAt(haproxyPaths(proxy.home).runtimeSocket);
  const [old, fresh] = [await upstream(t, 'old', 5_000), await upstream(t, 'new')];
  const urls = ['http://web.test'];
  await proxy.router.apply(route('web', urls, [old]));
  const slow = get(proxy.httpPort, 'web.test', '/slow').then(
    (r) => r.status,
    () => 'cut',
  );
  while (old.hits() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  await proxy.router.apply(route('web', urls, [fresh]));
  const started = performance.now();
  await proxy.router.drain(route('web', urls, [old]), route('web', urls, [old]).upstreams, 300);
  assert.ok(performance.now() - started < 2_000);
  assert.equal((await api.listServers('be_web_production'))?.length, 1);
  assert.notEqual(await slow, 200);
});

void test('drain leaves alone a server the route lists again (a rollback while draining)', async (t) => {
  const proxy = await startProxy(t);
  const api = runtimeApiAt(haproxyPaths(proxy.home).runtimeSocket);
  const [a, b] = [await upstream(t, 'a'), await upstream(t, 'b')];
  const urls = ['http://web.test'];
  await proxy.router.apply(route('web', urls, [a]));
  await proxy.router.apply(route('web', urls, [b]));
  await proxy.router.apply(route('web', urls, [a])); // back to a, b now drains
  await proxy.router.drain(route('web', urls, [a]), route('web', urls, [a]).upstreams, 1_000);
  const servers = await api.listServers('be_web_production');
  assert.deepEqual(servers?.map((s) => s.mode).sort(), ['drain', 'ready']);
  assert.equal((await get(proxy.httpPort, 'web.test')).body, 'a');
});
