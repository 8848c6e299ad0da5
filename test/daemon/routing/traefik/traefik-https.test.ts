// https urls through real Traefik on a non-default https_port: http redirects permanently to the
// configured port, https answers with HSTS, and TLS below 1.2 is refused.
import assert from 'node:assert/strict';
import https from 'node:https';
import { test } from 'node:test';
import type { SecureVersion } from 'node:tls';
import { createRouter } from '../../../../src/daemon/engine.js';
import { freePort } from '../../../helpers/free-port.js';
import { startTraefikHost } from '../../../helpers/traefik-host.js';
import { get, route, upstream } from '../haproxy/fixture.js';

const HOST = 'secure.example.test';

function getTls(
  port: number,
  path: string,
  maxVersion?: SecureVersion,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      {
        host: '127.0.0.1',
        port,
        path,
        servername: HOST,
        headers: { host: HOST },
        rejectUnauthorized: false, // Traefik's default certificate: not what is tested here
        agent: false,
        ...(maxVersion ? { maxVersion } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
  });
}

void test('an https url: http redirects to the configured https_port, https answers with HSTS, TLS 1.1 is refused', async (t) => {
  // Traefik asks its ACME server for every https host: a closed loopback port keeps the request on
  // the machine, and Traefik serves its default certificate, which is all these checks need.
  const closed = `https://127.0.0.1:${await freePort()}/directory`;
  const host = await startTraefikHost(t, { proxyToml: `acme_ca_server = "${closed}"` });
  if (!host) return;
  assert.notEqual(host.httpsPort, 443);
  const router = await createRouter(host.config, host.home);
  const a = await upstream(t, 'a');
  await router.apply(route('web', [`https://${HOST}`], [a]));

  const plain = await get(host.httpPort, HOST, '/cart?item=1');
  assert.equal(plain.status, 301); // Traefik's permanent redirect for a GET
  assert.equal(plain.headers.location, `https://${HOST}:${host.httpsPort}/cart?item=1`);
  assert.equal(a.hits(), 0, 'plain http never reaches the app');

  const secure = await getTls(host.httpsPort, '/');
  assert.equal(secure.status, 200);
  assert.equal(secure.body, 'a');
  assert.equal(secure.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');

  await assert.rejects(getTls(host.httpsPort, '/', 'TLSv1.1'));
});
