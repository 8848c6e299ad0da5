// Let's Encrypt's test CA on loopback: Debian's pebble plus pebble-challtestsrv as its DNS, which
// answers 127.0.0.1 for every name, so HTTP-01 really runs against the proxy on `httpPort`.
// Debian ships no certificate for pebble's own API, so each run makes a throwaway CA and a
// certificate for 127.0.0.1/localhost with openssl. Both processes are ended by pid after the test.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { freePort } from './free-port.js';

/** A running pebble. */
export interface Pebble {
  /** The ACME directory, for `[proxy] acme_ca_server`. */
  directoryUrl: string;
  /** PEM of the CA that signed pebble's API certificate, for `[proxy] acme_ca_root`. */
  apiRootFile: string;
  /** PEM of the root pebble issues certificates under (its management API's /roots/0). */
  issuingRoot(): Promise<string>;
  /** Makes the mock DNS answer `ip` for `host` instead of 127.0.0.1, e.g. an address nothing
   * listens on, so that host's HTTP-01 challenge really fails. */
  setAddress(host: string, ip: string): Promise<void>;
  /** Pebble's output so far, for a failing test's message. */
  log(): string;
}

export interface PebbleOptions {
  /** The port pebble's validator connects to for HTTP-01: the proxy's http port. */
  httpPort: number;
  /** Extra environment for pebble, e.g. PEBBLE_AUTHZREUSE. */
  env?: Record<string, string>;
  /** How long pebble may take to answer its directory; default 30 s (a loaded machine is slow). */
  readyTimeoutMs?: number;
}

/** Starts pebble and its mock DNS on free loopback ports; everything is gone after the test. */
export async function startPebble(t: TestContext, options: PebbleOptions): Promise<Pebble> {
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-pebble-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const apiRootFile = await makeApiCertificate(dir);
  const [acmePort, managementPort, dnsPort, dnsManagementPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const config = {
    pebble: {
      listenAddress: `127.0.0.1:${acmePort}`,
      managementListenAddress: `127.0.0.1:${managementPort}`,
      certificate: join(dir, 'api.crt'),
      privateKey: join(dir, 'api.key'),
      httpPort: options.httpPort,
      tlsPort: await freePort(),
      ocspResponderURL: '',
      externalAccountBindingRequired: false,
    },
  };
  await writeFile(join(dir, 'pebble.json'), JSON.stringify(config));
  const output: string[] = [];
  const dns = track(
    t,
    output,
    execa(
      'pebble-challtestsrv',
      [
        '-defaultIPv4',
        '127.0.0.1',
        '-defaultIPv6',
        '',
        '-dns01',
        `127.0.0.1:${dnsPort}`,
        '-http01',
        '',
        '-https01',
        '',
        '-tlsalpn01',
        '',
        '-management',
        `127.0.0.1:${dnsManagementPort}`,
      ],
      { reject: false, all: true },
    ),
  );
  const env: Record<string, string> = {
    // No random 0-15 s pause before each validation, and no rejected good nonces: a test waits
    // on the real protocol only.
    PEBBLE_VA_NOSLEEP: '1',
    PEBBLE_WFE_NONCEREJECT: '0',
    ...options.env,
  };
  const pebble = track(
    t,
    output,
    execa(
      'pebble',
      ['-config', join(dir, 'pebble.json'), '-dnsserver', `127.0.0.1:${dnsPort}`],
      // PEBBLE_VA_ALWAYS_VALID must never leak in from the caller: challenges must really run.
      { reject: false, all: true, env: { ...env, PEBBLE_VA_ALWAYS_VALID: '' }, extendEnv: true },
    ),
  );
  const ca = await readFile(apiRootFile, 'utf8');
  const directoryUrl = `https://127.0.0.1:${acmePort}/dir`;
  await waitFor(directoryUrl, ca, options.readyTimeoutMs ?? 30_000, () => output.join(''), [
    dns,
    pebble,
  ]);
  return {
    directoryUrl,
    apiRootFile,
    issuingRoot: () => getText(`https://127.0.0.1:${managementPort}/roots/0`, ca),
    setAddress: async (host, ip) => {
      const res = await fetch(`http://127.0.0.1:${dnsManagementPort}/add-a`, {
        method: 'POST',
        body: JSON.stringify({ host: `${host}.`, addresses: [ip] }),
      });
      if (!res.ok) throw new Error(`pebble-challtestsrv add-a ${host}: ${res.status}`);
    },
    log: () => output.join(''),
  };
}

/** GETs `url` over TLS trusting only `ca`; rejects on any status but 200. */
export function getText(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, { ca, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
  });
}

// A CA and a certificate for pebble's API, valid for 127.0.0.1 and localhost; returns the CA file.
async function makeApiCertificate(dir: string): Promise<string> {
  const file = (name: string): string => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await execa('openssl', [
    'req',
    '-x509',
    ...ec,
    '-days',
    '2',
    '-subj',
    '/CN=mypaas test pebble API CA',
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
  ]);
  await execa('openssl', [
    'req',
    ...ec,
    '-subj',
    '/CN=localhost',
    '-keyout',
    file('api.key'),
    '-out',
    file('api.csr'),
  ]);
  await writeFile(file('api.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  await execa('openssl', [
    'x509',
    '-req',
    '-in',
    file('api.csr'),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    file('api.ext'),
    '-out',
    file('api.crt'),
  ]);
  return file('ca.crt');
}

function track(t: TestContext, output: string[], child: ResultPromise): ResultPromise {
  child.all?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  t.after(async () => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    await child;
  });
  return child;
}

async function waitFor(
  url: string,
  ca: string,
  timeoutMs: number,
  log: () => string,
  children: ResultPromise[],
): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    const gone = children.find((c) => c.exitCode !== null);
    if (gone) throw new Error(`${gone.spawnargs[0]} exited early:\n${log()}`);
    try {
      await getText(url, ca);
      return;
    } catch (err) {
      if (Date.now() > giveUpAt) {
        throw new Error(
          `pebble did not answer ${url} within ${timeoutMs} ms: ${String(err)}\n${log()}`,
        );
      }
    }
    await sleep(100);
  }
}
