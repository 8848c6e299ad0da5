// The HAProxy driver against the real binary: hosts, paths, 404 and 503, remove, and the stored routes.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { haproxyPaths } from '../../../../src/daemon/routing/haproxy/haproxy-paths.js';
import {
  haproxyStatus,
  stopHaproxy,
} from '../../../../src/daemon/routing/haproxy/haproxy-process.js';
import { createHaproxyRouter } from '../../../../src/daemon/routing/haproxy/haproxy-router.js';
import { isMypaasError } from '../../../../src/core/errors.js';
import { get, route, startProxy, upstream } from './fixture.js';

void test('the first apply starts HAProxy and each Host reaches its own backend', async (t) => {
  const proxy = await startProxy(t);
  const [web, api] = [await upstream(t, 'web-1'), await upstream(t, 'api-1')];
  assert.equal(await haproxyStatus(proxy.home), null);
  await proxy.router.apply(route('web', ['http://web.test'], [web]));
  await proxy.router.apply(route('api', ['http://api.test'], [api]));
  assert.ok(await haproxyStatus(proxy.home));
  for (const [host, body] of [
    ['web.test', 'web-1'],
    ['WEB.Test:8080', 'web-1'],
    ['api.test', 'api-1'],
  ] as const) {
    const res = await get(proxy.httpPort, host, '/anything?q=1');
    assert.deepEqual([res.status, res.body], [200, body], host);
  }
});

void test('a longer path prefix on the same host wins, on segment boundaries', async (t) => {
  const proxy = await startProxy(t);
  const [site, api, v2] = [
    await upstream(t, 'site'),
    await upstream(t, 'api'),
    await upstream(t, 'v2'),
  ];
  await proxy.router.apply(route('site', ['http://shop.test'], [site]));
  await proxy.router.apply(route('api', ['http://shop.test/api'], [api]));
  await proxy.router.apply(route('v2', ['http://shop.test/api/v2'], [v2]));
  const cases = [
    ['/', 'site'],
    ['/apiary', 'site'],
    ['/api', 'api'],
    ['/api/users', 'api'],
    ['/api/v2', 'v2'],
    ['/api/v2/users', 'v2'],
    ['/api/v20', 'api'],
  ];
  for (const [path, body] of cases) {
    assert.equal((await get(proxy.httpPort, 'shop.test', path)).body, body, path);
  }
});

void test('unknown hosts get 404, a service without servers 503, a removed one 404', async (t) => {
  const proxy = await startProxy(t);
  const web = await upstream(t, 'web-1');
  await proxy.router.apply(route('web', ['http://web.test'], [web]));
  await proxy.router.apply(route('idle', ['http://idle.test'], []));
  assert.equal((await get(proxy.httpPort, 'nobody.test')).status, 404);
  assert.equal((await get(proxy.httpPort, 'idle.test')).status, 503);
  assert.equal((await get(proxy.httpPort, 'web.test')).status, 200);

  await proxy.router.remove('web', 'production');
  assert.equal((await get(proxy.httpPort, 'web.test')).status, 404);
  const cfg = await readFile(haproxyPaths(proxy.home).config, 'utf8');
  assert.doesNotMatch(cfg, /be_web_production/);
  await proxy.router.remove('web', 'production'); // removing twice is fine
});

void test('routes.json remembers every route, so a restarted daemon renders all of them', async (t) => {
  const proxy = await startProxy(t);
  const [web, api] = [await upstream(t, 'web-1'), await upstream(t, 'api-1')];
  await proxy.router.apply(route('web', ['http://web.test'], [web]));
  await proxy.router.apply(route('api', ['https://api.test'], [api]));
  const stored = JSON.parse(await readFile(haproxyPaths(proxy.home).routes, 'utf8')) as {
    routes: { service: string; upstreams: { url: string }[] }[];
  };
  assert.deepEqual(
    stored.routes.map((r) => [r.service, r.upstreams.map((u) => u.url)]),
    [
      ['web', [web.url]],
      ['api', [api.url]],
    ],
  );
  const cfg = await readFile(haproxyPaths(proxy.home).config, 'utf8');
  assert.match(cfg, new RegExp(`server s_127_0_0_1_${new URL(web.url).port} 127.0.0.1:`));
  assert.match(cfg, new RegExp(`server s_127_0_0_1_${new URL(api.url).port} 127.0.0.1:`));

  // HAProxy gone (a reboot), a new router (a restarted daemon): the next apply serves all three.
  await stopHaproxy(proxy.home);
  const options = { home: proxy.home, httpPort: proxy.httpPort, httpsPort: proxy.httpsPort };
  const router = createHaproxyRouter({ ...options, certsDir: null, bindAddress: '127.0.0.1' });
  const docs = await upstream(t, 'docs-1');
  await router.apply(route('docs', ['http://docs.test'], [docs]));
  assert.equal((await get(proxy.httpPort, 'web.test')).body, 'web-1');
  assert.equal((await get(proxy.httpPort, 'docs.test')).body, 'docs-1');
  assert.equal((await get(proxy.httpPort, 'api.test')).status, 301);
});

void test('two routes that would share a backend name are ROUTE_FAILED', async (t) => {
  const proxy = await startProxy(t);
  await proxy.router.apply({ ...route('web', ['http://a.test'], []), env: 'pr 1' });
  await assert.rejects(
    proxy.router.apply({ ...route('web', ['http://b.test'], []), env: 'pr-1' }),
    (err) => isMypaasError(err, 'ROUTE_FAILED'),
  );
  assert.equal((await get(proxy.httpPort, 'a.test')).status, 503);
});

void test('every spelling of a host and path reaches the rule its normal form names', async (t) => {
  const proxy = await startProxy(t);
  const [site, login, docs] = [
    await upstream(t, 'site'),
    await upstream(t, 'login'),
    await upstream(t, 'docs'),
  ];
  await proxy.router.apply(route('site', ['http://shop.test'], [site]));
  await proxy.router.apply(route('login', ['http://shop.test/login'], [login]));
  await proxy.router.apply(route('docs', ['http://shop.test/my%20docs'], [docs]));
  const cases = [
    ['shop.test', '/my%20docs/a', 200, 'docs'],
    ['shop.test', '/login', 200, 'login'],
    ['SHOP.test.', '/login/', 200, 'login'],
    ['shop.test.:80', '//login', 200, 'login'],
    ['shop.test', '/%6cogin', 200, 'login'],
    ['shop.test', '/%6Cogin/x', 200, 'login'],
    ['shop.test', '/loginx', 200, 'site'],
    ['shop.test', '/x/../login', 400, ''],
    ['shop.test', '/login/%2e%2e/admin', 400, ''],
  ] as const;
  for (const [host, path, status, body] of cases) {
    const res = await get(proxy.httpPort, host, path);
    assert.equal(res.status, status, `${host} ${path}`);
    if (status === 200) assert.equal(res.body, body, `${host} ${path}`);
  }
});
