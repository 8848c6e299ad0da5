// Automatic certificates for HAProxy against real pebble: HTTP-01 answered through HAProxy's
// challenge map, the certificate served (verified against pebble's root) and renewed through the
// runtime API with no reload, a redeploy ordering nothing, a hand-placed certificate winning, and
// a CA failure backing off with the CA's reason kept. The clock is injected; nothing is timed.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import https from 'node:https';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { execa } from 'execa';
import { acmeOrderer } from '../../../src/daemon/certificates/acme-orderer.js';
import {
  acmeFiles,
  firstCertificate,
  notAfter,
} from '../../../src/daemon/certificates/cert-files.js';
import { runCertificatePass } from '../../../src/daemon/certificates/cert-keeper.js';
import { certificateStatuses } from '../../../src/daemon/certificates/certificate-status.js';
import { statusTable } from '../../../src/core/tables.js';
import { loadOrderState } from '../../../src/daemon/certificates/cert-state.js';
import { certRuntimeAt } from '../../../src/daemon/routing/haproxy/cert-runtime.js';
import { haproxyPaths } from '../../../src/daemon/routing/haproxy/haproxy-paths.js';
import { runtimeApiAt } from '../../../src/daemon/routing/haproxy/runtime-api.js';
import { startPebble } from '../../helpers/pebble.js';
import { route, startProxy, upstream } from '../routing/haproxy/fixture.js';

const DAY = 24 * 3600_000;
const WEB = 'web.mypaas.test';
const DOWN = 'down.mypaas.test';

void test('an https url gets a certificate over HTTP-01, kept across redeploys, renewed without a reload', async (t) => {
  const certsDir = await mkdtemp(join(tmpdir(), 'mypaas-certs-'));
  t.after(() => rm(certsDir, { recursive: true, force: true }));
  const proxy = await startProxy(t, { certsDir, acme: true });
  const paths = haproxyPaths(proxy.home);
  const pebble = await startPebble(t, { httpPort: proxy.httpPort });
  const [one, two] = [await upstream(t, 'one'), await upstream(t, 'two')];
  await proxy.router.apply(route('web', [`https://${WEB}`], [one]));

  let clock = Date.now();
  let orders = 0;
  const hosts = [WEB];
  const order = acmeOrderer({
    certsDir,
    directoryUrl: pebble.directoryUrl,
    caRootFile: pebble.apiRootFile,
    email: '',
    challenges: certRuntimeAt(paths.runtimeSocket, paths),
  });
  const logs: string[] = [];
  const pass = () =>
    runCertificatePass({
      certsDir,
      now: () => clock,
      hosts: () => Promise.resolve(hosts),
      order: (host) => ((orders += 1), order(host)),
      load: (path, pem) => certRuntimeAt(paths.runtimeSocket, paths).loadCertificate(path, pem),
      log: (text) => logs.push(text),
    });
  const root = await pebble.issuingRoot();
  const api = runtimeApiAt(paths.runtimeSocket);

  const first = await pass();
  assert.deepEqual(first.failed, [], pebble.log());
  assert.deepEqual(first.issued, [WEB]);
  const served = await httpsGet(proxy.httpsPort, WEB, root);
  assert.equal(served.body, 'one');
  const files = acmeFiles(certsDir);
  assert.equal((await stat(files.dir)).mode & 0o777, 0o700);
  assert.equal((await stat(files.accountKey)).mode & 0o777, 0o600);
  assert.equal((await stat(files.certificate(WEB))).mode & 0o777, 0o600);
  const worker = await api.workerPid();

  // A redeploy moves traffic; the valid certificate stays and nothing is ordered.
  await proxy.router.apply(route('web', [`https://${WEB}`], [two]));
  const again = await pass();
  assert.deepEqual([again.issued, orders], [[], 1]);
  assert.equal(again.plan.skip[0]?.reason, 'valid');
  const redeployed = await httpsGet(proxy.httpsPort, WEB, root);
  assert.deepEqual([redeployed.body, redeployed.serial], ['two', served.serial]);

  // 29 days before expiry: renewed, served at once, by the same worker (no reload).
  const cert = firstCertificate(await readFile(files.certificate(WEB), 'utf8'));
  assert.ok(cert);
  clock = notAfter(cert) - 29 * DAY;
  assert.deepEqual((await pass()).issued, [WEB]);
  const renewed = await httpsGet(proxy.httpsPort, WEB, root);
  assert.notEqual(renewed.serial, served.serial);
  assert.equal(await api.workerPid(), worker, 'renewal went through the runtime API');
  assert.equal(orders, 2);

  // A hand-placed certificate wins: served after the next route change, never ordered over.
  await selfSigned(certsDir, WEB);
  await proxy.router.apply(route('web', [`https://${WEB}`], [one]));
  const mine = await httpsGet(proxy.httpsPort, WEB, null);
  assert.equal(mine.issuer, `hand-placed ${WEB}`);
  clock += 365 * DAY;
  const handPass = await pass();
  assert.deepEqual(
    [handPass.issued, handPass.plan.skip],
    [[], [{ host: WEB, reason: 'hand-placed' }]],
  );
  assert.equal(orders, 2);

  // A host the CA cannot reach: the order fails with the CA's reason and backs off.
  await pebble.setAddress(DOWN, '127.0.0.2');
  hosts.push(DOWN);
  await proxy.router.apply(route('down', [`https://${DOWN}`], [one]));
  const failed = await pass();
  assert.deepEqual(failed.issued, []);
  assert.equal(failed.failed[0]?.host, DOWN);
  assert.match(failed.failed[0]?.reason ?? '', /127\.0\.0\.2|connection refused/i);
  const state = await loadOrderState(certsDir);
  assert.equal(state[DOWN]?.failures, 1);
  assert.equal(state[DOWN]?.notBefore, clock + 5 * 60_000);
  assert.match(state[DOWN]?.lastError ?? '', /127\.0\.0\.2|connection refused/i);
  assert.ok(
    logs.some((l) => l.startsWith(`certificate for ${DOWN} failed (try 1; next in 5 min)`)),
  );
  const [web, down] = await certificateStatuses(certsDir, [WEB, DOWN]);
  assert.equal(web?.state, 'hand-placed');
  assert.deepEqual(
    [down?.state, down?.failures, down?.nextAttemptAt],
    ['failing', 1, clock + 5 * 60_000],
  );
  const table = statusTable(
    [{ service: 'down', env: 'production', containers: [], certificates: [down] }],
    'x',
  );
  assert.match(
    table,
    /certificate for down\.mypaas\.test failing \(try 1, next .*\): .*(127\.0\.0\.2|connection refused)/i,
  );
  const waiting = await pass();
  assert.deepEqual(waiting.plan.order, []);
  assert.equal(orders, 3, 'no order during the backoff');
  clock += 5 * 60_000;
  await pass();
  assert.equal((await loadOrderState(certsDir))[DOWN]?.failures, 2);
  assert.equal((await loadOrderState(certsDir))[DOWN]?.notBefore, clock + 10 * 60_000);
});

/** GET over TLS to HAProxy with SNI `host`; `ca` null accepts any certificate. */
function httpsGet(
  port: number,
  host: string,
  ca: string | null,
): Promise<{ body: string; serial: string; issuer: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        servername: host,
        headers: { host },
        agent: false,
        ...(ca === null ? { rejectUnauthorized: false } : { ca }),
      },
      (res) => {
        const peer = (res.socket as TLSSocket).getPeerCertificate();
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ body, serial: peer.serialNumber, issuer: String(peer.issuer?.CN ?? '') }),
        );
      },
    );
    req.on('error', reject);
  });
}

async function selfSigned(dir: string, host: string): Promise<void> {
  const [cert, key] = [join(dir, 'tmp.crt'), join(dir, 'tmp.key')];
  await execa('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=hand-placed ${host}`,
    '-addext',
    `subjectAltName=DNS:${host}`,
    '-keyout',
    key,
    '-out',
    cert,
  ]);
  await writeFile(
    join(dir, `${host}.pem`),
    (await readFile(cert, 'utf8')) + (await readFile(key, 'utf8')),
  );
  await Promise.all([rm(cert), rm(key)]);
}
