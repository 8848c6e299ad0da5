// HTTPS with a self-signed certificate per host: served on the https port by SNI, while the http
// port answers 301 to the same path on https.
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import http2 from 'node:http2';
import https from 'node:https';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TLSSocket } from 'node:tls';
import { execa } from 'execa';
import { get, route, startProxy, tempHome, upstream } from './fixture.js';

/** Writes `<dir>/<host>.pem` holding a fresh self-signed certificate and its key. */
async function selfSigned(dir: string, host: string): Promise<void> {
  const [cert, key] = [join(dir, `${host}.crt`), join(dir, `${host}.key`)];
  const subject = ['-subj', `/CN=${host}`, '-addext', `subjectAltName=DNS:${host}`];
  await execa('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-keyout',
    key,
    '-out',
    cert,
    ...subject,
  ]);
  await writeFile(
    join(dir, `${host}.pem`),
    (await readFile(cert, 'utf8')) + (await readFile(key, 'utf8')),
  );
  await Promise.all([rm(cert), rm(key)]);
}

function httpsGet(
  port: number,
  host: string,
  path: string,
): Promise<{ status: number; body: string; cn: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      {
        host: '127.0.0.1',
        port,
        path,
        servername: host,
        headers: { host },
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        const cn = (res.socket as TLSSocket).getPeerCertificate().subject?.CN ?? '';
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cn: String(cn) }));
      },
    );
    req.on('error', reject);
  });
}

/** One HTTP/2 request: HAProxy must route by :authority as it does by Host. */
async function h2Get(
  port: number,
  host: string,
  path: string,
): Promise<{ status: number; body: string }> {
  const session = http2.connect(`https://127.0.0.1:${port}`, {
    servername: host,
    rejectUnauthorized: false,
  });
  try {
    return await new Promise((resolve, reject) => {
      session.on('error', reject);
      const req = session.request({ ':path': path, ':authority': host });
      let status = 0;
      let body = '';
      req.setEncoding('utf8');
      req.on('response', (headers) => (status = Number(headers[':status'])));
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => resolve({ status, body }));
      req.on('error', reject);
    });
  } finally {
    session.close();
  }
}

void test('https urls are served on the https port by SNI; http redirects to them with 301', async (t) => {
  const certsDir = join(await tempHome(t), 'certs');
  await mkdir(certsDir);
  await selfSigned(certsDir, 'secure.test');
  await selfSigned(certsDir, 'other.test');
  await writeFile(join(certsDir, 'acme.json'), '{}'); // not a PEM: must not break HAProxy
  const proxy = await startProxy(t, { certsDir });
  const [secure, other, plain] = [
    await upstream(t, 'secure'),
    await upstream(t, 'other'),
    await upstream(t, 'plain'),
  ];
  await proxy.router.apply(route('secure', ['https://secure.test'], [secure]));
  await proxy.router.apply(route('other', ['https://other.test/app'], [other]));
  await proxy.router.apply(route('plain', ['http://plain.test'], [plain]));

  assert.deepEqual(await httpsGet(proxy.httpsPort, 'secure.test', '/x'), {
    status: 200,
    body: 'secure',
    cn: 'secure.test',
  });
  assert.deepEqual(await httpsGet(proxy.httpsPort, 'other.test', '/app/y'), {
    status: 200,
    body: 'other',
    cn: 'other.test',
  });
  assert.equal((await httpsGet(proxy.httpsPort, 'other.test', '/')).status, 404);
  assert.equal((await httpsGet(proxy.httpsPort, 'plain.test', '/')).status, 404);
  assert.deepEqual(await h2Get(proxy.httpsPort, 'secure.test', '/h2'), {
    status: 200,
    body: 'secure',
  });

  const redirect = await get(proxy.httpPort, 'secure.test', '/path?q=1');
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.location, `https://secure.test:${proxy.httpsPort}/path?q=1`);
  assert.equal((await get(proxy.httpPort, 'other.test', '/app')).status, 301);
  assert.equal((await get(proxy.httpPort, 'other.test', '/')).status, 404);
  assert.equal((await get(proxy.httpPort, 'plain.test', '/')).body, 'plain');
});

void test('without any PEM there is no https frontend, and http still routes', async (t) => {
  const certsDir = join(await tempHome(t), 'certs');
  await mkdir(certsDir);
  const proxy = await startProxy(t, { certsDir });
  const web = await upstream(t, 'web');
  await proxy.router.apply(route('web', ['http://web.test', 'https://web.test/admin'], [web]));
  assert.equal((await get(proxy.httpPort, 'web.test')).body, 'web');
  assert.equal((await get(proxy.httpPort, 'web.test', '/admin')).status, 301);
  await assert.rejects(httpsGet(proxy.httpsPort, 'web.test', '/admin'), { code: 'ECONNREFUSED' });
});
