// The runtime plan from the servers HAProxy has to the servers the route lists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serverSpec } from '../../../../src/daemon/routing/haproxy/haproxy-names.js';
import type {
  ServerMode,
  ServerState,
} from '../../../../src/daemon/routing/haproxy/runtime-output.js';
import { planServerChanges } from '../../../../src/daemon/routing/haproxy/sync-servers.js';
import { isMypaasError } from '../../../../src/core/errors.js';

const have = (port: number, mode: ServerMode, weight = 1): ServerState => ({
  backend: 'be_web_production',
  name: `s_10_0_0_1_${port}`,
  host: '10.0.0.1',
  port,
  weight,
  mode,
});
const want = (port: number, weight = 1) => serverSpec({ url: `http://10.0.0.1:${port}`, weight });

void test('new servers are added before old ones drain; listed ones come back to ready', () => {
  const plan = planServerChanges(
    [have(1, 'ready'), have(2, 'drain'), have(3, 'ready', 2)],
    [want(2), want(3, 5), want(4)],
  );
  assert.deepEqual(plan, [
    { op: 'ready', name: 's_10_0_0_1_2' },
    { op: 'weight', name: 's_10_0_0_1_3', weight: 5 },
    { op: 'add', server: { name: 's_10_0_0_1_4', host: '10.0.0.1', port: 4, weight: 1 } },
    { op: 'drain', name: 's_10_0_0_1_1' },
  ]);
  assert.deepEqual(planServerChanges([have(1, 'ready')], [want(1)]), []);
  assert.deepEqual(planServerChanges([have(1, 'drain'), have(2, 'maint')], []), []);
});

void test('server names come from the address; bad upstreams are ROUTE_FAILED', () => {
  assert.deepEqual(serverSpec({ url: 'http://172.18.0.5:3000', weight: 1 }), {
    name: 's_172_18_0_5_3000',
    host: '172.18.0.5',
    port: 3000,
    weight: 1,
  });
  assert.equal(serverSpec({ url: 'http://172.18.0.5', weight: 1 }).port, 80);
  for (const url of ['not a url', 'https://10.0.0.1:1', 'tcp://10.0.0.1:1']) {
    assert.throws(
      () => serverSpec({ url, weight: 1 }),
      (err) => isMypaasError(err, 'ROUTE_FAILED'),
    );
  }
});
