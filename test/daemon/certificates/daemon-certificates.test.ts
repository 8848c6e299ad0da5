// The daemon with the HAProxy driver against real Docker and real pebble: deploying a service with
// an https url makes the daemon's keeper order its certificate over HTTP-01, HAProxy serves it
// (verified against pebble's root) and `server status` reports it valid.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startDaemon } from '../../../src/daemon/daemon.js';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { serviceStatuses } from '../../../src/daemon/service-status.js';
import { freePort } from '../../helpers/free-port.js';
import { startPebble } from '../../helpers/pebble.js';
import { deployFixture, request } from '../deploy/fixture.js';

void test('a deployed https url gets its certificate from the daemon and is served with it', async (t) => {
  const [httpPort, httpsPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const pebble = await startPebble(t, { httpPort });
  const certsDir = await mkdtemp(join(tmpdir(), 'mypaas-certs-'));
  t.after(() => rm(certsDir, { recursive: true, force: true }));
  const proxy = [
    'driver = "haproxy"',
    `http_port = ${httpPort}`,
    `https_port = ${httpsPort}`,
    `api_port = ${apiPort}`,
    `certs_dir = "${certsDir}"`,
    `acme_ca_server = "${pebble.directoryUrl}"`,
    `acme_ca_root = "${pebble.apiRootFile}"`,
  ].join('\n');
  const f = await deployFixture(t, '', proxy);
  if (!f) return;
  const log: string[] = [];
  const daemon = await startDaemon({
    engine: f.engine,
    listen: '127.0.0.1:0',
    log: (l) => log.push(l),
  });
  t.after(() => daemon.stop(10_000));
  const web = f.service('web');
  const host = `${web}.mypaas.test`;
  const dir = await f.app(web, { version: 'tls', scale: 1, directives: [`url=https://${host}`] });
  await deployDirectory(f.engine, request(dir), silentOutput);

  const root = await pebble.issuingRoot();
  // Bounded wait for the keeper's pass (woken by the route change) and pebble's validation.
  const giveUpAt = Date.now() + 60_000;
  let last = '';
  for (;;) {
    try {
      const body = await httpsGet(httpsPort, host, root);
      assert.match(body, /version=tls/);
      break;
    } catch (err) {
      last = String(err);
      if (Date.now() > giveUpAt) {
        assert.fail(
          `never served with pebble's certificate: ${last}\n${log.join('\n')}\n${pebble.log()}`,
        );
      }
      await sleep(200);
    }
  }
  assert.ok(log.includes(`certificate for ${host} issued and served`), log.join('\n'));
  const [status] = await serviceStatuses(f.engine, web);
  assert.equal(status?.certificates?.[0]?.host, host);
  assert.equal(status?.certificates?.[0]?.state, 'valid');
});

// GET / over TLS with SNI `host`, trusting only `ca`.
function httpsGet(port: number, host: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host: '127.0.0.1', port, path: '/', servername: host, headers: { host }, ca, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
  });
}
