// Zero downtime under load through the real HAProxy: a scale-2 service redeployed three times
// back to back, then a scale-0 service redeployed once to measure its downtime window.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { deployDirectory } from '../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../src/daemon/deploy/deploy-output.js';
import { openEngine, type Engine } from '../src/daemon/engine.js';
import { stopHaproxy } from '../src/daemon/routing/haproxy/haproxy-process.js';
import { removeService } from '../src/daemon/service-control.js';
import { appFiles, type AppOptions } from '../test/daemon/deploy/fixture.js';
import { ensureBusyboxImage } from '../test/helpers/base-images.js';
import { freePort } from '../test/helpers/free-port.js';
import {
  percentile,
  startLoad,
  type LoadReport,
  type Sample,
} from '../test/helpers/load-client.js';
import { dockerMissing, type Report } from './bench.js';

const CONNECTIONS = 8;

/** The zero-downtime report; needs Docker and HAProxy. */
export function zeroDowntimeReport(): Report {
  return {
    name: 'zero-downtime',
    unavailable: dockerMissing,
    run: async () => {
      const home = await mkdtemp(join(tmpdir(), 'mypaas-bench-zd-'));
      const httpPort = await freePort();
      await writeFile(
        join(home, 'config.toml'),
        `[proxy]\ndriver = "haproxy"\nhttp_port = ${httpPort}\nhttps_port = ${await freePort()}\n[deploy]\nnetwork = "mypaas-bench-zd"\ndrain_timeout = "2s"\n`,
      );
      const engine = await openEngine({ home });
      const base = await ensureBusyboxImage(new Docker());
      const url = `http://127.0.0.1:${httpPort}/`;
      try {
        const rolling = await swapUnderLoad(engine, base, home, url, 'bench-zd', 2, 3);
        const stopFirst = await swapUnderLoad(engine, base, home, url, 'bench-zd0', null, 1);
        return [
          table('scale 2, 3 redeploys back to back', rolling),
          table('scale 0 (stop-then-start), 1 redeploy', stopFirst),
        ].join('\n');
      } finally {
        for (const service of ['bench-zd', 'bench-zd0'])
          await removeService(engine, service, 'production', silentOutput).catch(() => {});
        engine.close();
        await stopHaproxy(home);
        await new Docker()
          .getNetwork('mypaas-bench-zd')
          .remove()
          .catch(() => {});
        await rm(home, { recursive: true, force: true });
      }
    },
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

function table(title: string, { report, swaps }: Run): string {
  const during = (s: Sample) => swaps.some(([a, b]) => s.at >= a && s.at <= b);
  const steady = report.samples.filter((s) => !during(s));
  const swapping = report.samples.filter(during);
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
