// routes.json: absent = empty, atomic round trip, routes replaced in place, broken file = ROUTE_FAILED.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { isMypaasError } from '../../../../src/core/errors.js';
import {
  findRoute,
  loadRoutes,
  saveRoutes,
  withoutRoute,
  withRoute,
} from '../../../../src/daemon/routing/haproxy/route-store.js';
import { tempHome } from './fixture.js';

const web = { service: 'web', env: 'production', urls: ['http://web.test'], upstreams: [] };
const api = { service: 'api', env: 'production', urls: ['http://api.test'], upstreams: [] };

void test('routes.json round trip and in-place replacement', async (t) => {
  const file = join(await tempHome(t), 'haproxy', 'routes.json');
  assert.deepEqual(await loadRoutes(file), { routes: [], structure: null });
  const moved = { ...web, upstreams: [{ url: 'http://10.0.0.2:80', weight: 1 }] };
  const routes = withRoute(withRoute(withRoute([], web), api), moved);
  assert.deepEqual(routes, [moved, api]);
  await saveRoutes(file, { routes, structure: 'abc' });
  assert.deepEqual(await loadRoutes(file), { routes, structure: 'abc' });
  assert.deepEqual(withoutRoute(routes, 'web', 'production'), [api]);
  assert.equal(findRoute(routes, 'web', 'staging'), undefined);

  await writeFile(file, '{ broken');
  await assert.rejects(loadRoutes(file), (err) => isMypaasError(err, 'ROUTE_FAILED'));
});
