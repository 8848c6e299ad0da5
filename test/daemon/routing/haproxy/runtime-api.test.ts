// The runtime API client against a real HAProxy 2.6: the commands that move traffic, and the
// error codes when HAProxy refuses one or is not there.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { isMypaasError } from '../../../../src/core/errors.js';
import { haproxyPaths } from '../../../../src/daemon/routing/haproxy/haproxy-paths.js';
import { ensureHaproxy } from '../../../../src/daemon/routing/haproxy/haproxy-process.js';
import { renderHaproxyConfig } from '../../../../src/daemon/routing/haproxy/render-config.js';
import { runtimeApiAt } from '../../../../src/daemon/routing/haproxy/runtime-api.js';
import { sendCommand } from '../../../../src/daemon/routing/haproxy/socket-command.js';
import { freePort, tempHome } from './fixture.js';

const BE = 'be_web_production';

void test('add, drain, maintenance and delete a dynamic server', async (t) => {
  const home = await tempHome(t);
  const runtimeSocket = haproxyPaths(home).runtimeSocket;
  const route = { service: 'web', env: 'production', urls: ['http://web.test'], upstreams: [] };
  const configText = renderHaproxyConfig({
    routes: [route],
    httpPort: await freePort(),
    httpsPort: await freePort(),
    certsDir: null,
    runtimeSocket,
    bindAddress: '127.0.0.1',
  });
  await ensureHaproxy({ home, configText });
  const api = runtimeApiAt(runtimeSocket);
  const modes = async () =>
    (await api.listServers(BE))?.map((s) => [s.name, s.host, s.port, s.weight, s.mode]);

  await api.addServer(BE, 's_a', '127.0.0.1', 9001, 3);
  assert.deepEqual(await modes(), [['s_a', '127.0.0.1', 9001, 3, 'ready']]);
  await assert.rejects(api.addServer(BE, 's_a', '127.0.0.1', 9001, 1), (err) =>
    isMypaasError(err, 'ROUTE_FAILED'),
  );
  await api.setServerState(BE, 's_a', 'drain');
  assert.deepEqual((await modes())?.[0]?.[4], 'drain');
  assert.equal(await api.serverSessions(BE, 's_a'), 0);
  await assert.rejects(api.deleteServer(BE, 's_a'), (err) => isMypaasError(err, 'ROUTE_FAILED'));
  await api.setServerState(BE, 's_a', 'maint');
  await api.shutdownSessions(BE, 's_a');
  await api.deleteServer(BE, 's_a');
  await api.deleteServer(BE, 's_a'); // already gone counts as deleted
  assert.deepEqual(await modes(), []);

  assert.equal(await api.listServers('be_nothing_here'), null);
  assert.equal(await api.serverSessions('be_nothing_here', 's_a'), 0);
  await assert.rejects(api.setServerState(BE, 's_zz', 'ready'), (err) =>
    isMypaasError(err, 'ROUTE_FAILED'),
  );
  assert.ok((await api.workerPid()) > 0);
});

void test('a socket nobody serves is PROXY_UNAVAILABLE; a second command in one call is refused', async (t) => {
  const home = await tempHome(t);
  await assert.rejects(runtimeApiAt(join(home, 'none.sock')).workerPid(), (err) =>
    isMypaasError(err, 'PROXY_UNAVAILABLE'),
  );
  await assert.rejects(sendCommand(join(home, 'none.sock'), 'show info; show stat'), (err) =>
    isMypaasError(err, 'INTERNAL'),
  );
});
