// Zero downtime under load through each real proxy (HAProxy, and Traefik from its release binary):
// a scale-2 service redeployed three times back to back, then (through HAProxy) a scale-0 service
// redeployed once to measure its downtime window.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import { deployDirectory } from '../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../src/daemon/deploy/deploy-output.js';
import { openEngine, type Engine } from '../src/daemon/engine.js';
import { removeService } from '../src/daemon/service-control.js';
import { appFiles, type AppOptions } from '../test/daemon/deploy/fixture.js';
import { ensureBusyboxImage } from '../test/helpers/base-images.js';
import {
  percentile,
  startLoad,
  type LoadReport,
  type Sample,
} from '../test/helpers/load-client.js';
import { dockerMissing, type Report } from './bench.js';
import { DRIVERS, proxyHome, type Driver } from './proxy-hosts.js';

const CONNECTIONS = 8;

/** The zero-downtime report, through HAProxy and through Traefik in the same run; needs Docker. */
export function zeroDowntimeReport(): Report {
  return {
    name: 'zero-downtime',
    unavailable: dockerMissing,
    run: async () => {
      const base = await ensureBusyboxImage(new Docker());
      const rolling = new Map<Driver, Run>();
      const sections: string[] = [];
      for (const driver of DRIVERS) {
        const proxy = await proxyHome(driver, `network = "${NETWORK}"\ndrain_timeout = "2s"`);
        const engine = await openEngine({ home: proxy.home, userHome: proxy.home });
        const url = `http://127.0.0.1:${proxy.httpPort}/`;
        try {
          const run = await swapUnderLoad(engine, base, proxy.home, url, 'bench-zd', 2, 3);
          rolling.set(driver, run);
          sections.push(table(`${driver}: scale 2, 3 redeploys back to back`, run));
          // Stop-then-start's downtime does not depend on the proxy: measured through one.
          if (driver === 'haproxy') {
            const stopFirst = await swapUnderLoad(
              engine,
              base,
              proxy.home,
              url,
              'bench-zd0',
              null,
              1,
            );
            sections.push(table('haproxy: scale 0 (stop-then-start), 1 redeploy', stopFirst));
          }
        } finally {
          for (const service of ['bench-zd', 'bench-zd0'])
            await removeService(engine, service, 'production', silentOutput).catch(() => {});
          engine.close();
          await proxy.stop();
          await new Docker()
            .getNetwork(NETWORK)
            .remove()
            .catch(() => {});
        }
      }
      return [...sections, side(rolling)].join('\n');
    },
  };
}

const NETWORK = 'mypaas-bench-zd';

// The two drivers' rolling runs next to each other, with Traefik's figures as ratios to HAProxy's.
function side(runs: Map<Driver, Run>): string {
  const figures = (run: Run | undefined) => {
    if (!run) return [NaN, NaN, NaN, NaN, NaN, NaN];
    const { steady, swapping } = phases(run);
    return [
      run.report.served,
      run.report.failed,
      percentile(steady, 50),
      percentile(steady, 99),
      percentile(swapping, 50),
      percentile(swapping, 99),
    ];
  };
  const h = figures(runs.get('haproxy'));
  const t = figures(runs.get('traefik'));
  const names = [
    'served',
    'failed',
    'p50 ms steady',
    'p99 ms steady',
    'p50 ms during swaps',
    'p99 ms during swaps',
  ];
  return [
    '### scale 2, 3 redeploys: Traefik beside HAProxy',
    '| figure | HAProxy | Traefik | Traefik/HAProxy |',
    '|---|---:|---:|---:|',
    ...names.map((name, i) => {
      const [a, b] = [h[i] ?? NaN, t[i] ?? NaN];
      return `| ${name} | ${a} | ${b} | ${a === 0 ? '-' : (b / a).toFixed(2)} |`;
    }),
    '',
  ].join('\n');
}

function phases({ report, swaps }: Run): { steady: Sample[]; swapping: Sample[] } {
  const during = (s: Sample) => swaps.some(([a, b]) => s.at >= a && s.at <= b);
  return {
    steady: report.samples.filter((s) => !during(s)),
    swapping: report.samples.filter(during),
  };
}

interface Run {
  report: LoadReport;
  swaps: [number, number][];
}

async function swapUnderLoad(
  engine: Engine,
  base: string,
  home: string,
  url: string,
  service: string,
  scale: number | null,
  redeploys: number,
): Promise<Run> {
  const host = `${service}.bench.test`;
  const deploy = async (version: string) => {
    const options: AppOptions = {
      version,
      directives: [`url=http://${host}`],
      ...(scale === null ? {} : { scale }),
    };
    const dir = await mkdtemp(join(home, 'app-'));
    for (const [name, text] of Object.entries(appFiles(base, service, options)))
      await writeFile(join(dir, name), text, { mode: 0o755 });
    await deployDirectory(
      engine,
      { dir, env: 'production', trigger: 'server-deploy', actor: 'bench' },
      silentOutput,
    );
  };
  await deploy('v1');
  const load = startLoad({ url, host, connections: CONNECTIONS, maxMs: 180_000 });
  await new Promise((r) => setTimeout(r, 2000));
  const swaps: [number, number][] = [];
  for (let i = 2; i <= redeploys + 1; i++) {
    const start = Date.now();
    await deploy(`v${i}`);
    swaps.push([start, Date.now()]);
  }
  await new Promise((r) => setTimeout(r, 2000));
  return { report: await load.stop(), swaps };
}

function table(title: string, run: Run): string {
  const { report } = run;
  const { steady, swapping } = phases(run);
  const base99 = percentile(steady, 99);
  const rows = [
    ['steady', steady, base99],
    ['during swaps', swapping, base99],
  ] as const;
  const lines = [
    `### ${title}: ${CONNECTIONS} keep-alive connections`,
    `served ${report.served}, failed ${report.failed}, retried ${report.retries}; ${downtime(report)}`,
    '| phase | requests | p50 ms | p99 ms | p99 ratio to steady |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      ([name, samples, b]) =>
        `| ${name} | ${samples.length} | ${percentile(samples, 50)} | ${percentile(samples, 99)} | ${(percentile(samples, 99) / b).toFixed(2)} |`,
    ),
  ];
  return lines.join('\n') + '\n';
}

/** The longest stretch without a successful answer, the window a user would have seen errors. */
function downtime(report: LoadReport): string {
  const times = report.samples.map((s) => s.at + s.ms).sort((a, b) => a - b);
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, (times[i] ?? 0) - (times[i - 1] ?? 0));
  return `longest gap between successful answers ${gap} ms`;
}
