// Traefik's own ACME client against real pebble, in the container `server init` runs (the local
// image of the pinned release): the resolver's caServer from [proxy] acme_ca_server, the extra roots
// from [proxy] acme_ca_root. An https url gets its certificate over HTTP-01 (verified against
// pebble's root) and keeps it across a redeploy, an idle init, and a container replaced for a new
// acme_ca_root.
import assert from 'node:assert/strict';
import { copyFile } from 'node:fs/promises';
import https from 'node:https';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRouter } from '../../../src/daemon/engine.js';
import { freePort } from '../../helpers/free-port.js';
import { startPebble } from '../../helpers/pebble.js';
import { prepareTraefikHost } from '../../helpers/traefik-host.js';
import { route, upstream } from '../routing/haproxy/fixture.js';

const HOST = 'web.mypaas.test';

void test('Traefik orders from acme_ca_server, trusting acme_ca_root, and keeps the certificate across redeploys and init', async (t) => {
  const httpPort = await freePort();
  const host = await prepareTraefikHost(t, { httpPort });
  if (!host) return;
  const pebble = await startPebble(t, { httpPort });
  const acmeToml = (root: string) =>
    `acme_ca_server = "${pebble.directoryUrl}"\nacme_ca_root = "${root}"`;
  await host.writeConfig(acmeToml(pebble.apiRootFile));
  const { config } = await host.init();
  const output = () => pebble.log().slice(-3000);
  const router = await createRouter(config, host.home);
  const [one, two] = [await upstream(t, 'one'), await upstream(t, 'two')];
  await router.apply(route('web', [`https://${HOST}`], [one]));
  const root = await pebble.issuingRoot();
  const served = (body: string) => async () => {
    const res = await httpsGet(host.httpsPort, HOST, root);
    assert.equal(res.body, body);
    return res;
  };
  const first = await waitUntil(served('one'), "pebble's certificate", output);

  await router.apply(route('web', [`https://${HOST}`], [two]));
  const redeployed = await waitUntil(served('two'), 'the redeployed upstream', output);
  assert.equal(redeployed.serial, first.serial, 'the same certificate, no new order');

  assert.deepEqual((await host.init()).changes, [], 'an idle init leaves Traefik alone');

  // A new roots file means a new mount: the container is replaced, the stored certificate kept.
  const moved = join(host.home, 'pebble-roots.pem');
  await copyFile(pebble.apiRootFile, moved);
  await host.writeConfig(acmeToml(moved));
  const replaced = await host.init();
  assert.ok(
    replaced.changes.includes(`replaced ${host.container} (acme_ca_root changed)`),
    replaced.changes.join('\n'),
  );
  const mounts = (await host.docker.getContainer(host.container).inspect()).Mounts;
  assert.ok(
    mounts.some((m) => m.Source === moved),
    JSON.stringify(mounts),
  );
  const after = await waitUntil(served('two'), 'the replaced container', output);
  assert.equal(after.serial, first.serial, 'acme.json survives the new container');
});

// Retries `attempt` until it resolves; bounded, so a loaded machine only makes it slower.
async function waitUntil<T>(
  attempt: () => Promise<T>,
  what: string,
  output: () => string,
): Promise<T> {
  const giveUpAt = Date.now() + 90_000;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > giveUpAt) {
        assert.fail(`${what} never came: ${String(err)}\n${output()}`);
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
