// planRoute: only the live deployment's running containers of the (service, env), by their
// current addresses; a stopped service is routed to nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServiceSpec } from '../../../src/parse/spec.js';
import { planRoute, type LiveService } from '../../../src/daemon/routing/plan-routes.js';
import type { ContainerInfo } from '../../../src/daemon/runtime/container-runtime.js';

const spec: ServiceSpec = {
  service: 'web',
  urls: ['http://web.test'],
  port: 8080,
  scale: 2,
  volumes: [],
  env: {},
  publish: [],
  maxcpu: null,
  maxmem: null,
  healthcheck: null,
  init: null,
};

const live: LiveService = {
  service: 'web',
  env: 'production',
  state: 'running',
  deploymentId: 7,
  release: { id: 'r7', spec },
};

function container(ip: string | null, over: Partial<ContainerInfo> = {}): ContainerInfo {
  return {
    id: `id-${ip ?? 'none'}`,
    name: `web-d7-${ip ?? 'none'}`,
    service: 'web',
    env: 'production',
    release: 'r7',
    deployment: 7,
    replica: 1,
    state: 'running',
    ip,
    exitCode: null,
    health: null,
    hostMounts: [],
    ...over,
  };
}

void test('the route lists the current addresses of the live running containers only', () => {
  const containers = [
    container('10.0.0.9'),
    container('10.0.0.3'),
    container('10.0.0.4', { state: 'exited' }),
    container(null),
    container('10.0.0.5', { deployment: 6, release: 'r6' }),
    container('10.0.0.6', { release: 'r6' }),
    container('10.0.0.7', { service: 'web-2' }),
    container('10.0.0.8', { env: 'staging' }),
  ];
  assert.deepEqual(planRoute(live, containers), {
    service: 'web',
    env: 'production',
    urls: ['http://web.test'],
    upstreams: [
      { url: 'http://10.0.0.9:8080', weight: 1 },
      { url: 'http://10.0.0.3:8080', weight: 1 },
    ],
  });
});

void test('a stopped service is routed to nothing, whatever runs', () => {
  const route = planRoute({ ...live, state: 'stopped' }, [container('10.0.0.9')]);
  assert.deepEqual(route.upstreams, []);
  assert.deepEqual(route.urls, ['http://web.test']);
});
