// Real HAProxy on free 127.0.0.1 ports, one temp home per test, and node:http upstreams that
// answer their own name; everything is stopped and removed in t.after().
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { stopHaproxy } from '../../../../src/daemon/routing/haproxy/haproxy-process.js';
import {
  createHaproxyRouter,
  type HaproxyRouterOptions,
} from '../../../../src/daemon/routing/haproxy/haproxy-router.js';
import type { Router } from '../../../../src/daemon/routing/router.js';

/** A router on its own home and ports. */
export interface TestProxy {
  router: Router;
  home: string;
  httpPort: number;
  httpsPort: number;
}

/** An upstream server answering `name` (after `delayMs` for paths under /slow). */
export interface TestUpstream {
  name: string;
  url: string;
  /** Requests received so far. */
  hits: () => number;
  /** Stops it the way a container stops: open connections are cut. */
  close: () => Promise<void>;
}

/** A port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A temp home removed after the test, HAProxy stopped first. */
export async function tempHome(t: TestContext): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'mypaas-haproxy-'));
  t.after(async () => {
    await stopHaproxy(home);
    await rm(home, { recursive: true, force: true });
  });
  return home;
}

/** A HAProxy router bound to 127.0.0.1 on free ports, stopped after the test. */
export async function startProxy(
  t: TestContext,
  extra: Partial<HaproxyRouterOptions> = {},
): Promise<TestProxy> {
  const home = await tempHome(t);
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const options = { home, httpPort, httpsPort, certsDir: null, bindAddress: '127.0.0.1' };
  return { router: createHaproxyRouter({ ...options, ...extra }), home, httpPort, httpsPort };
}

/** An upstream on 127.0.0.1:0, closed after the test. */
export async function upstream(
  t: TestContext,
  name: string,
  delayMs = 1_000,
): Promise<TestUpstream> {
  let hits = 0;
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    hits += 1;
    const wait = req.url?.startsWith('/slow') ? delayMs : 0;
    const timer = setTimeout(() => {
      timers.delete(timer);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(name);
    }, wait);
    timers.add(timer);
  });
  // Longer than HAProxy keeps idle server connections, so the upstream never closes one first.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = (): Promise<void> => {
    timers.forEach((timer) => clearTimeout(timer));
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  t.after(() => (server.listening ? close() : undefined));
  const { port } = server.address() as AddressInfo;
  return { name, url: `http://127.0.0.1:${port}`, hits: () => hits, close };
}

/** The route of `service` (env production) to `upstreams`. */
export function route(service: string, urls: string[], upstreams: TestUpstream[]) {
  return {
    service,
    env: 'production',
    urls,
    upstreams: upstreams.map((u) => ({ url: u.url, weight: 1 })),
  };
}

/** One request with a Host header; resolves with status, body and headers. */
export function get(
  port: number,
  host: string,
  path = '/',
  agent: http.Agent | false = false,
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
