// The Traefik driver against a stand-in for Traefik's API (fake-traefik-api.ts: Traefik itself
// cannot be installed or pulled here) that reads the same directory the driver writes.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { parseConfig } from '../../../../src/config/validate-config.js';
import { isMypaasError } from '../../../../src/core/errors.js';
import { createRouter, traefikDirs } from '../../../../src/daemon/engine.js';
import type { Route } from '../../../../src/daemon/routing/router.js';
import {
  dynamicFileName,
  renderTraefikRouteToml,
  renderTraefikSharedToml,
} from '../../../../src/daemon/routing/traefik/render-dynamic.js';
import { getTraefikService } from '../../../../src/daemon/routing/traefik/traefik-api.js';
import { createTraefikRouter } from '../../../../src/daemon/routing/traefik/traefik-router.js';
import { startFakeTraefik } from './fake-traefik-api.js';

const LAG_MS = 300;

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-traefik-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function route(urls: string[], ...ips: string[]): Route {
  const upstreams = ips.map((ip) => ({ url: `http://${ip}:8080`, weight: 1 }));
  return { service: 'web', env: 'production', urls, upstreams };
}

/** Runs `work`, expecting a MypaasError with `code`; returns it and how long it took. */
async function expectCode(
  code: string,
  work: Promise<unknown>,
): Promise<{ err: Error; ms: number }> {
  const start = performance.now();
  const err = await work.then(
    () => assert.fail(`resolved, expected ${code}`),
    (e: unknown) => e as Error,
  );
  assert.ok(isMypaasError(err) && err.code === code, `unexpected error: ${String(err)}`);
  return { err, ms: performance.now() - start };
}

void test('apply writes the file and resolves only once the API shows exactly the new servers', async (t) => {
  const dir = await tempDir(t);
  const fake = await startFakeTraefik(t, dir, LAG_MS);
  const router = createTraefikRouter({ dynamicDir: dir, apiUrl: fake.apiUrl, pollMs: 20 });
  const v1 = route(['https://example.com'], '172.18.0.2');
  const v2 = route(['https://example.com'], '172.18.0.3', '172.18.0.4');

  await router.apply(v1);
  fake.answers.length = 0;
  const start = performance.now();
  await router.apply(v2);
  const ms = performance.now() - start;

  assert.ok(ms >= LAG_MS - 20, `apply resolved after ${ms} ms, before the API showed the change`);
  assert.deepEqual(
    fake.answers[0],
    ['http://172.18.0.2:8080'],
    'the API first showed the old server',
  );
  const shown = await getTraefikService(fake.apiUrl, 'mypaas-web_production');
  assert.ok(shown.found === true);
  assert.deepEqual(shown.servers.sort(), ['http://172.18.0.3:8080', 'http://172.18.0.4:8080']);
  const file = await readFile(join(dir, dynamicFileName('web', 'production')), 'utf8');
  assert.equal(file, renderTraefikRouteToml(v2));
  assert.deepEqual((await readdir(dir)).sort(), ['_mypaas.toml', 'web_production.toml']);
});

void test('apply with no upstreams resolves once the service shows no servers', async (t) => {
  const dir = await tempDir(t);
  const fake = await startFakeTraefik(t, dir, 0);
  const router = createTraefikRouter({ dynamicDir: dir, apiUrl: fake.apiUrl, pollMs: 20 });
  await router.apply(route(['https://example.com'], '172.18.0.2'));
  await router.apply(route(['https://example.com']));
  assert.deepEqual(fake.answers.at(-1), []);
});

void test('apply fails with ROUTE_FAILED, saying what Traefik shows, when Traefik never updates', async (t) => {
  const dir = await tempDir(t);
  const fake = await startFakeTraefik(t, dir, 0);
  const router = createTraefikRouter({
    dynamicDir: dir,
    apiUrl: fake.apiUrl,
    confirmTimeoutMs: 400,
    pollMs: 20,
  });
  await router.apply(route(['https://example.com'], '172.18.0.2'));
  fake.lagMs = Infinity;
  const { err, ms } = await expectCode(
    'ROUTE_FAILED',
    router.apply(route(['https://example.com'], '172.18.0.3')),
  );
  assert.ok(ms >= 380 && ms < 2_000, `gave up after ${ms} ms`);
  assert.match(err.message, /http:\/\/172\.18\.0\.2:8080/); // what Traefik shows instead
  assert.match(err.message, /old containers keep serving/);
});

void test('apply fails with ROUTE_FAILED when nothing answers on the API port', async (t) => {
  const dir = await tempDir(t);
  const dead = http.createServer();
  await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
  const { port } = dead.address() as AddressInfo;
  await new Promise<void>((resolve) => dead.close(() => resolve()));
  const apiUrl = `http://127.0.0.1:${port}`;
  const router = createTraefikRouter({
    dynamicDir: dir,
    apiUrl,
    confirmTimeoutMs: 300,
    pollMs: 20,
  });
  const { err } = await expectCode(
    'ROUTE_FAILED',
    router.apply(route(['https://example.com'], '10.0.0.1')),
  );
  assert.match(err.message, /did not answer/);
});

void test('remove deletes the file and resolves only once the API answers 404', async (t) => {
  const dir = await tempDir(t);
  const fake = await startFakeTraefik(t, dir, LAG_MS);
  const router = createTraefikRouter({ dynamicDir: dir, apiUrl: fake.apiUrl, pollMs: 20 });
  await router.apply(route(['https://example.com'], '172.18.0.2'));
  const start = performance.now();
  await router.remove('web', 'production');
  const ms = performance.now() - start;
  assert.ok(ms >= LAG_MS - 20, `remove resolved after ${ms} ms, before the API forgot the service`);
  assert.equal(fake.answers.at(-1), null);
  assert.deepEqual(await readdir(dir), ['_mypaas.toml']);
  const again = performance.now();
  await router.remove('web', 'production'); // already gone: nothing to wait for
  assert.ok(performance.now() - again < 200);
});

void test('remove fails with ROUTE_FAILED while Traefik keeps the service', async (t) => {
  const dir = await tempDir(t);
  const fake = await startFakeTraefik(t, dir, 0);
  const router = createTraefikRouter({
    dynamicDir: dir,
    apiUrl: fake.apiUrl,
    confirmTimeoutMs: 300,
    pollMs: 20,
  });
  await router.apply(route(['https://example.com'], '172.18.0.2'));
  fake.lagMs = Infinity;
  await expectCode('ROUTE_FAILED', router.remove('web', 'production'));
});

void test('the shared file is written once, and a route file only when it changes', async (t) => {
  const dir = await tempDir(t);
  const fake = await startFakeTraefik(t, dir, 0);
  const router = createTraefikRouter({ dynamicDir: dir, apiUrl: fake.apiUrl, pollMs: 20 });
  const shared = join(dir, '_mypaas.toml');
  await router.apply(route(['https://example.com'], '172.18.0.2'));
  const first = await stat(shared);
  const routeFirst = await stat(join(dir, 'web_production.toml'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  await router.apply({ ...route(['https://other.example.com'], '172.18.0.9'), service: 'other' });
  await router.apply(route(['https://example.com'], '172.18.0.2'));
  const second = await stat(shared);
  assert.equal(second.ino, first.ino);
  assert.equal(second.mtimeMs, first.mtimeMs);
  assert.equal((await stat(join(dir, 'web_production.toml'))).ino, routeFirst.ino);
  assert.equal(await readFile(shared, 'utf8'), renderTraefikSharedToml());
});

void test('drain waits the whole timeout: Traefik reports no in-flight requests per server', async () => {
  const router = createTraefikRouter({ dynamicDir: '/nonexistent', apiUrl: 'http://127.0.0.1:9' });
  const r = route(['https://example.com'], '10.0.0.1');
  const start = performance.now();
  await router.drain(r, r.upstreams, 150);
  const ms = performance.now() - start;
  assert.ok(ms >= 145 && ms < 1_000, `drained for ${ms} ms`);
});

void test('apply into a directory that does not exist is ROUTE_FAILED', async (t) => {
  const dir = join(await tempDir(t), 'missing');
  const router = createTraefikRouter({ dynamicDir: dir, apiUrl: 'http://127.0.0.1:9' });
  await expectCode('ROUTE_FAILED', router.apply(route(['https://example.com'], '10.0.0.1')));
});

void test("the engine's Traefik driver redirects http to config.toml's https_port", async (t) => {
  const home = await tempDir(t);
  const dynamicDir = traefikDirs(home).dynamicDir;
  await mkdir(dynamicDir, { recursive: true });
  const fake = await startFakeTraefik(t, dynamicDir, 0);
  const config = parseConfig(
    `[proxy]\ndriver = "traefik"\nhttps_port = 8443\napi_port = ${new URL(fake.apiUrl).port}\n`,
    'config.toml',
    { home, userHome: home },
  );
  assert.ok(config.ok);
  const router = await createRouter(config.config, home);
  await router.apply(route(['https://example.com'], '172.18.0.2'));
  const shared = await readFile(join(dynamicDir, '_mypaas.toml'), 'utf8');
  assert.match(shared, /port = "8443"/);
});
