// The end-to-end proof: 8 keep-alive clients hammer a service while it is swapped 10 times
// (apply, drain, stop the old servers) and not one request fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { haproxyPaths } from '../../../../src/daemon/routing/haproxy/haproxy-paths.js';
import { showProc } from '../../../../src/daemon/routing/haproxy/master-cli.js';
import { hammer } from './load-client.js';
import { route, startProxy, upstream, type TestUpstream } from './fixture.js';

void test('10 swaps under 8 keep-alive clients: 0 failed requests, no reload', async (t) => {
  const proxy = await startProxy(t);
  const urls = ['http://web.test'];
  const release = async (n: number): Promise<TestUpstream[]> => [
    await upstream(t, `r${n}-a`, 150),
    await upstream(t, `r${n}-b`, 150),
  ];
  let live = await release(0);
  await proxy.router.apply(route('web', urls, live));
  const reloads = (await showProc(haproxyPaths(proxy.home).masterSocket)).reloads;

  let stop = false;
  const started = performance.now();
  const quick = hammer({ port: proxy.httpPort, host: 'web.test', clients: 6, stop: () => stop });
  const slow = hammer({
    port: proxy.httpPort,
    host: 'web.test',
    clients: 2,
    stop: () => stop,
    path: '/slow',
  });
  const swapMs: number[] = [];
  for (let n = 1; n <= 10; n++) {
    await new Promise((resolve) => setTimeout(resolve, 400));
    const next = await release(n);
    const begin = performance.now();
    await proxy.router.apply(route('web', urls, next));
    const old = route('web', urls, live);
    await proxy.router.drain(old, old.upstreams, 5_000);
    swapMs.push(performance.now() - begin);
    await Promise.all(live.map((u) => u.close()));
    live = next;
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  stop = true;
  const [a, b] = await Promise.all([quick, slow]);
  const seconds = (performance.now() - started) / 1000;

  const failed = a.failed + b.failed;
  const total = a.ok + b.ok;
  t.diagnostic(
    `${total} ok, ${failed} failed, ${a.retried + b.retried} retried in ${seconds.toFixed(1)} s; ` +
      `swap (apply+drain) ${Math.min(...swapMs).toFixed(0)}-${Math.max(...swapMs).toFixed(0)} ms`,
  );
  assert.deepEqual([...a.errors, ...b.errors], []);
  assert.equal(failed, 0);
  assert.ok(total > 1_000, `only ${total} requests`);
  assert.equal((await showProc(haproxyPaths(proxy.home).masterSocket)).reloads, reloads);
  const releases = new Set(
    [...a.bodies.keys(), ...b.bodies.keys()].map((body) => body.split('-')[0]),
  );
  assert.equal(releases.size, 11, `bodies seen: ${[...releases].join(' ')}`);
});
