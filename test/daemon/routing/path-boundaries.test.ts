// Both proxies split a host by path on segment boundaries, against the real things: a url
// `…/api` serves /api and /api/…, never /apix, which stays with the host's root route.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { createRouter } from '../../../src/daemon/engine.js';
import type { Router } from '../../../src/daemon/routing/router.js';
import { startTraefikHost } from '../../helpers/traefik-host.js';
import { get, route, startProxy, upstream } from './haproxy/fixture.js';

const HOST = 'shop.example.test';
const PATHS = [
  '/',
  '/api',
  '/api/',
  '/api/orders',
  '/apix',
  '/api-v2',
  '/ap',
  '/api/v2/x',
  '/api/v2',
];

/** The body each path gets from a root service, an /api service and an /api/v2 service. */
async function answers(t: TestContext, router: Router, port: number): Promise<string[]> {
  const [root, api, v2] = [
    await upstream(t, 'root'),
    await upstream(t, 'api'),
    await upstream(t, 'v2'),
  ];
  await router.apply(route('root', [`http://${HOST}`], [root]));
  await router.apply(route('api', [`http://${HOST}/api`], [api]));
  await router.apply(route('v2', [`http://${HOST}/api/v2`], [v2]));
  const bodies: string[] = [];
  for (const path of PATHS) bodies.push((await get(port, HOST, path)).body);
  return bodies;
}

const EXPECTED = ['root', 'api', 'api', 'api', 'root', 'root', 'root', 'v2', 'v2'];

void test('HAProxy routes path urls on segment boundaries', async (t) => {
  const proxy = await startProxy(t);
  assert.deepEqual(await answers(t, proxy.router, proxy.httpPort), EXPECTED);
});

void test('Traefik routes path urls on segment boundaries, as HAProxy does', async (t) => {
  const host = await startTraefikHost(t);
  if (!host) return;
  const router = await createRouter(host.config, host.home);
  assert.deepEqual(await answers(t, router, host.httpPort), EXPECTED);
});
