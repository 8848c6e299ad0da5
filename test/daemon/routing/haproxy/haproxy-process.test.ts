// Starting, reloading and stopping HAProxy in master-worker mode, and the errors on the way.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { test } from 'node:test';
import { isMypaasError } from '../../../../src/core/errors.js';
import { haproxyPaths } from '../../../../src/daemon/routing/haproxy/haproxy-paths.js';
import {
  ensureHaproxy,
  haproxyStatus,
  reloadHaproxy,
  stopHaproxy,
} from '../../../../src/daemon/routing/haproxy/haproxy-process.js';
import { renderHaproxyConfig } from '../../../../src/daemon/routing/haproxy/render-config.js';
import { runtimeApiAt } from '../../../../src/daemon/routing/haproxy/runtime-api.js';
import { freePort, tempHome } from './fixture.js';

async function config(home: string, httpPort?: number): Promise<string> {
  return renderHaproxyConfig({
    routes: [],
    httpPort: httpPort ?? (await freePort()),
    httpsPort: await freePort(),
    certsDir: null,
    runtimeSocket: haproxyPaths(home).runtimeSocket,
    bindAddress: '127.0.0.1',
  });
}

void test('ensure starts once, reload brings a new worker, stop ends it', async (t) => {
  const home = await tempHome(t);
  const configText = await config(home);
  const first = await ensureHaproxy({ home, configText });
  assert.equal(first.started, true);
  const again = await ensureHaproxy({ home, configText });
  assert.deepEqual(again, { started: false, workerPid: first.workerPid });

  const pid = await reloadHaproxy({ home });
  assert.notEqual(pid, first.workerPid);
  assert.equal(await runtimeApiAt(haproxyPaths(home).runtimeSocket).workerPid(), pid);
  assert.equal((await haproxyStatus(home))?.reloads, 1);

  await stopHaproxy(home);
  assert.equal(await haproxyStatus(home), null);
});

void test('a config HAProxy refuses is PROXY_UNAVAILABLE and never replaces the running one', async (t) => {
  const home = await tempHome(t);
  const good = await config(home);
  await ensureHaproxy({ home, configText: good });
  const bad = `${good}\nbackend broken\n    no-such-keyword here\n`;
  await assert.rejects(ensureHaproxy({ home, configText: bad }), (err) =>
    isMypaasError(err, 'PROXY_UNAVAILABLE'),
  );
  assert.equal(await readFile(haproxyPaths(home).config, 'utf8'), good);
});

void test("a port already taken is PROXY_UNAVAILABLE with HAProxy's own words", async (t) => {
  const home = await tempHome(t);
  const taken = http.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => taken.close(() => resolve())));
  const port = (taken.address() as { port: number }).port;
  await assert.rejects(ensureHaproxy({ home, configText: await config(home, port) }), (err) => {
    assert.ok(isMypaasError(err, 'PROXY_UNAVAILABLE'));
    assert.match(err.message, /cannot bind|Address already in use/i);
    return true;
  });
  assert.equal(await haproxyStatus(home), null);
});
