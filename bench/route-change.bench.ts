// Route-change latency of each proxy driver: from `router.apply` being called to the proxy
// serving the change (polled from outside), and when apply resolved. Traefik's file provider
// throttles configuration changes (mypaas sets 200 ms; 2 s by default); HAProxy moves servers through its runtime API
// and reloads only for new hosts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../src/config/load-config.js';
import { createRouter } from '../src/daemon/engine.js';
import type { Route, Router } from '../src/daemon/routing/router.js';
import { median, dockerMissing, type Report } from './bench.js';
import { DRIVERS, proxyHome, type Driver } from './proxy-hosts.js';

const ROUNDS = 5;
const QUIET_MS = 1_000; // longer than the providers throttle, so a change finds Traefik idle
const POLL_GIVE_UP_MS = 30_000;

type Kind = 'upstream swap after a quiet spell' | 'upstream swap right after another' | 'new host';
const KINDS: Kind[] = [
  'upstream swap after a quiet spell',
  'upstream swap right after another',
  'new host',
];

/** The route-change report; needs Docker (Traefik) and HAProxy. */
export function routeChangeReport(): Report {
  return {
    name: 'route-change',
    unavailable: dockerMissing,
    run: async () => {
      const upstreams = await Promise.all(Array.from({ length: 4 }, (_, i) => serve(`u${i}`)));
      const results = new Map<string, { serve: number[]; apply: number[] }>();
      try {
        for (const driver of DRIVERS) await measureDriver(driver, upstreams, results);
      } finally {
        for (const u of upstreams) u.server.close();
      }
      const cell = (driver: Driver, kind: Kind) => results.get(`${driver} ${kind}`);
      const lines = [
        `median of ${ROUNDS} changes; "served" is when a request from outside first got the new answer`,
        '| change | HAProxy served ms | HAProxy apply ms | Traefik served ms | Traefik apply ms | Traefik/HAProxy served |',
        '|---|---:|---:|---:|---:|---:|',
        ...KINDS.map((kind) => {
          const h = cell('haproxy', kind);
          const tr = cell('traefik', kind);
          const hs = median(h?.serve ?? []);
          const ts = median(tr?.serve ?? []);
          return `| ${kind} | ${hs.toFixed(0)} | ${median(h?.apply ?? []).toFixed(0)} | ${ts.toFixed(0)} | ${median(tr?.apply ?? []).toFixed(0)} | ${(ts / hs).toFixed(1)} |`;
        }),
      ];
      return lines.join('\n') + '\n';
    },
  };
}

async function measureDriver(
  driver: Driver,
  upstreams: Upstream[],
  results: Map<string, { serve: number[]; apply: number[] }>,
): Promise<void> {
  const proxy = await proxyHome(driver, 'network = "mypaas-bench-rc"');
  try {
    const router = await createRouter(
      await loadConfig(proxy.home, { userHome: proxy.home }),
      proxy.home,
    );
    const record = (kind: Kind, m: { serve: number; apply: number }) => {
      const entry = results.get(`${driver} ${kind}`) ?? { serve: [], apply: [] };
      entry.serve.push(m.serve);
      entry.apply.push(m.apply);
      results.set(`${driver} ${kind}`, entry);
    };
    let next = 0;
    const pick = () => upstreams[next++ % upstreams.length] as Upstream;
    await router.apply(routeTo('rc', 'rc.bench.test', pick()));
    for (let round = 0; round < ROUNDS; round++) {
      await sleep(QUIET_MS);
      record(KINDS[0] as Kind, await change(router, proxy.httpPort, 'rc', 'rc.bench.test', pick()));
      record(KINDS[1] as Kind, await change(router, proxy.httpPort, 'rc', 'rc.bench.test', pick()));
      await sleep(QUIET_MS);
      const host = `rc${round}.bench.test`;
      record(KINDS[2] as Kind, await change(router, proxy.httpPort, `rc${round}`, host, pick()));
    }
  } finally {
    await proxy.stop();
  }
}

interface Upstream {
  name: string;
  url: string;
  server: http.Server;
}

async function change(
  router: Router,
  port: number,
  service: string,
  host: string,
  to: Upstream,
): Promise<{ serve: number; apply: number }> {
  const start = performance.now();
  let apply = NaN;
  const applied = router.apply(routeTo(service, host, to)).then(() => {
    apply = performance.now() - start;
  });
  while ((await answer(port, host)) !== to.name) {
    if (performance.now() - start > POLL_GIVE_UP_MS)
      throw new Error(`${host} never served ${to.name}`);
    await sleep(2);
  }
  const serve = performance.now() - start;
  await applied;
  return { serve, apply };
}

function routeTo(service: string, host: string, to: Upstream): Route {
  return {
    service,
    env: 'production',
    urls: [`http://${host}`],
    upstreams: [{ url: to.url, weight: 1 }],
  };
}

function answer(port: number, host: string): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: '/', agent: false, headers: { host } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve(res.statusCode === 200 ? body : ''));
        res.on('error', () => resolve(''));
      },
    );
    req.on('error', () => resolve(''));
  });
}

async function serve(name: string): Promise<Upstream> {
  const server = http.createServer((_req, res) => res.end(name));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { name, url: `http://127.0.0.1:${port}`, server };
}
