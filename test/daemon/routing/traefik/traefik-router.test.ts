// The Traefik driver against Traefik itself (server init's container on the local image): apply
// and remove resolve only once Traefik serves what was written, and fail when it stops answering.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { isMypaasError } from '../../../../src/core/errors.js';
import { createRouter, traefikDirs } from '../../../../src/daemon/engine.js';
import type { Router } from '../../../../src/daemon/routing/router.js';
import {
  dynamicFileName,
  renderTraefikRouteToml,
  renderTraefikSharedToml,
} from '../../../../src/daemon/routing/traefik/render-dynamic.js';
import { getTraefikService } from '../../../../src/daemon/routing/traefik/traefik-api.js';
import { createTraefikRouter } from '../../../../src/daemon/routing/traefik/traefik-router.js';
import { startTraefikHost, type TraefikHost } from '../../../helpers/traefik-host.js';
import { get, route, upstream } from '../haproxy/fixture.js';

/** Runs `work`, expecting a MypaasError with `code`; returns it. */
async function expectCode(code: string, work: Promise<unknown>): Promise<Error> {
  const err = await work.then(
    () => assert.fail(`resolved, expected ${code}`),
    (e: unknown) => e as Error,
  );
  assert.ok(isMypaasError(err) && err.code === code, `unexpected error: ${String(err)}`);
  return err;
}

/** Traefik frozen for the duration of `work`, so its API answers nothing. */
async function whilePaused<T>(host: TraefikHost, work: () => Promise<T>): Promise<T> {
  const container = host.docker.getContainer(host.container);
  await container.pause();
  try {
    return await work();
  } finally {
    await container.unpause();
  }
}

const HOST = 'web.example.test';

void test('the Traefik driver against real Traefik', async (t) => {
  const host = await startTraefikHost(t);
  if (!host) return;
  const dynamicDir = traefikDirs(host.home).dynamicDir;
  const router: Router = await createRouter(host.config, host.home);
  const name = 'mypaas-web_production';

  await t.test(
    'apply resolves once Traefik serves exactly the new servers',
    async (t: TestContext) => {
      const [a, b, c] = [await upstream(t, 'a'), await upstream(t, 'b'), await upstream(t, 'c')];
      await router.apply(route('web', [`http://${HOST}`], [a]));
      assert.equal((await get(host.httpPort, HOST)).body, 'a');
      const v2 = route('web', [`http://${HOST}`], [b, c]);
      await router.apply(v2);
      const shown = await getTraefikService(host.apiUrl, name);
      assert.ok(shown.found === true);
      assert.deepEqual(shown.servers.sort(), [b.url, c.url].sort());
      // The guarantee the swap relies on: once apply resolved, no request reaches the old server.
      const before = a.hits();
      const bodies = new Set<string>();
      for (let i = 0; i < 20; i += 1) bodies.add((await get(host.httpPort, HOST)).body);
      assert.deepEqual([...bodies].sort(), ['b', 'c']);
      assert.equal(a.hits(), before);
      const file = await readFile(join(dynamicDir, dynamicFileName('web', 'production')), 'utf8');
      assert.equal(file, renderTraefikRouteToml(v2));
      assert.deepEqual((await readdir(dynamicDir)).sort(), ['_mypaas.toml', 'web_production.toml']);
    },
  );

  await t.test('apply with no upstreams keeps the route and Traefik answers 503', async () => {
    await router.apply(route('web', [`http://${HOST}`], []));
    const shown = await getTraefikService(host.apiUrl, name);
    assert.ok(shown.found === true);
    assert.deepEqual(shown.servers, []);
    assert.equal((await get(host.httpPort, HOST)).status, 503);
  });

  await t.test(
    'the shared file is written once, and a route file only when it changes',
    async (t: TestContext) => {
      const [a, o] = [await upstream(t, 'a'), await upstream(t, 'o')];
      const shared = join(dynamicDir, '_mypaas.toml');
      await router.apply(route('web', [`http://${HOST}`], [a]));
      const first = await stat(shared);
      const routeFirst = await stat(join(dynamicDir, 'web_production.toml'));
      await router.apply(route('other', ['http://other.example.test'], [o]));
      await router.apply(route('web', [`http://${HOST}`], [a]));
      const second = await stat(shared);
      assert.equal(second.ino, first.ino);
      assert.equal(second.mtimeMs, first.mtimeMs);
      assert.equal((await stat(join(dynamicDir, 'web_production.toml'))).ino, routeFirst.ino);
      assert.equal(await readFile(shared, 'utf8'), renderTraefikSharedToml(host.httpsPort));
      await router.remove('other', 'production');
    },
  );

  await t.test(
    'apply and remove fail with ROUTE_FAILED while Traefik does not answer',
    async (t: TestContext) => {
      const b = await upstream(t, 'b');
      const quick = createTraefikRouter({
        dynamicDir,
        apiUrl: host.apiUrl,
        confirmTimeoutMs: 500,
        pollMs: 20,
        httpsPort: host.httpsPort,
      });
      const err = await whilePaused(host, () =>
        expectCode('ROUTE_FAILED', quick.apply(route('web', [`http://${HOST}`], [b]))),
      );
      assert.match(err.message, /did not answer/);
      assert.match(err.message, /old containers keep serving/);
      await whilePaused(host, () => expectCode('ROUTE_FAILED', quick.remove('web', 'production')));
    },
  );

  await t.test('remove deletes the file and resolves once Traefik forgets the route', async () => {
    await router.remove('web', 'production');
    assert.deepEqual((await getTraefikService(host.apiUrl, name)).found, false);
    assert.equal((await get(host.httpPort, HOST)).status, 404);
    assert.deepEqual(await readdir(dynamicDir), ['_mypaas.toml']);
    const again = performance.now();
    await router.remove('web', 'production'); // already gone: nothing to wait for
    assert.ok(performance.now() - again < 1_000);
  });
});

void test('drain waits the whole timeout: Traefik reports no in-flight requests per server', async () => {
  const router = createTraefikRouter({ dynamicDir: '/nonexistent', apiUrl: 'http://127.0.0.1:9' });
  const r = { service: 'web', env: 'production', urls: [], upstreams: [] };
  const start = performance.now();
  await router.drain(r, [], 150);
  assert.ok(performance.now() - start >= 145);
});

void test('apply into a directory that does not exist is ROUTE_FAILED', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-traefik-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const router = createTraefikRouter({
    dynamicDir: join(dir, 'missing'),
    apiUrl: 'http://127.0.0.1:9',
  });
  const r = { service: 'web', env: 'production', urls: ['http://a.test'], upstreams: [] };
  await expectCode('ROUTE_FAILED', router.apply(r));
});
