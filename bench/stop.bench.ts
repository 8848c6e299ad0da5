// How long `docker stop` takes for an app whose PID 1 ignores SIGTERM (busybox httpd started with
// `exec`, as many Node and Python servers behave), run as mypaas runs it with `[deploy] init = true`
// (Docker's init passes the signal on) against `# mypaas.init = false`, both with mypaas's default
// stop_timeout, and an app that traps SIGTERM itself as the baseline. Only the stop is timed.
import Docker from 'dockerode';
import { ensureBusyboxImage } from '../test/helpers/base-images.js';
import { dockerMissing, median, type Report } from './bench.js';

const ROUNDS = 3;
const STOP_TIMEOUT_S = 10; // [deploy] stop_timeout's default
const DEAF = 'exec httpd -f -p 8080 -h /';
const TRAPS = "trap 'exit 0' TERM; httpd -f -p 8080 -h / & wait";

const CASES: { label: string; script: string; init: boolean }[] = [
  { label: 'app traps SIGTERM itself (baseline)', script: TRAPS, init: false },
  { label: 'exec httpd as PID 1, with init (default)', script: DEAF, init: true },
  { label: 'exec httpd as PID 1, init = false', script: DEAF, init: false },
];

/** The stop report; needs a Docker engine. */
export function stopReport(): Report {
  return {
    name: 'stop',
    unavailable: dockerMissing,
    run: async () => {
      const docker = new Docker();
      const image = await ensureBusyboxImage(docker);
      const rows: [string, number][] = [];
      for (const c of CASES) {
        const ms: number[] = [];
        for (let round = 0; round < ROUNDS; round++) ms.push(await timeStop(docker, image, c));
        rows.push([c.label, median(ms)]);
      }
      const base = rows[0]?.[1] ?? NaN;
      return [
        `median of ${ROUNDS} stops, stop timeout ${STOP_TIMEOUT_S} s`,
        '| app | median ms | ratio to baseline |',
        '|---|---:|---:|',
        ...rows.map(([label, m]) => `| ${label} | ${m.toFixed(0)} | ${(m / base).toFixed(2)} |`),
        '',
      ].join('\n');
    },
  };
}

async function timeStop(
  docker: Docker,
  image: string,
  c: { script: string; init: boolean },
): Promise<number> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['sh', '-c', c.script],
    StopTimeout: STOP_TIMEOUT_S,
    HostConfig: { Init: c.init, NetworkMode: 'none' },
    Labels: { 'mypaas.bench': 'stop' },
  });
  try {
    await container.start();
    const started = performance.now();
    await container.stop();
    return performance.now() - started;
  } finally {
    await container.remove({ force: true });
  }
}
