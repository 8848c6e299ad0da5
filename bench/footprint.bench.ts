// What mypaas costs when nothing happens: the idle daemon's resident memory, and `mypaas --help`
// against a bare `node -e 0`, both as new processes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { dockerMissing, measure, median, type Report } from './bench.js';
import {
  MYPAAS_BIN,
  residentBytes,
  startDaemonProcess,
  writeDaemonConfig,
} from './daemon-process.js';

const MB = 1024 * 1024;

/** The footprint report; the daemon needs a Docker engine. */
export function footprintReport(): Report {
  return {
    name: 'footprint',
    unavailable: dockerMissing,
    run: async () => {
      const rounds = Number(process.env['BENCH_ROUNDS'] ?? 15);
      return [await idleDaemon(Math.min(rounds, 5)), await helpTime(rounds)].join('\n');
    },
  };
}

// A fresh daemon each time: started, listening, left alone for a second, then read.
async function idleDaemon(starts: number): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'mypaas-bench-footprint-'));
  const rss: number[] = [];
  try {
    await writeDaemonConfig(home);
    for (let i = 0; i < starts; i++) {
      const daemon = await startDaemonProcess(home);
      try {
        await sleep(1000);
        rss.push(await residentBytes(daemon.pid));
      } finally {
        await daemon.stop();
      }
    }
  } finally {
    await rm(home, { recursive: true, force: true });
  }
  const mb = (bytes: number) => (bytes / MB).toFixed(1);
  return [
    `### idle daemon: VmRSS 1 s after it listens, ${starts} starts`,
    '| process | median MB | min MB | max MB |',
    '|---|---:|---:|---:|',
    `| mypaas server daemon | ${mb(median(rss))} | ${mb(Math.min(...rss))} | ${mb(Math.max(...rss))} |`,
    'target: <= 80 MB',
    '',
  ].join('\n');
}

async function helpTime(rounds: number): Promise<string> {
  const samples = await measure(
    {
      name: 'help',
      baseline: { label: 'node -e 0', run: async () => void (await execa('node', ['-e', '0'])) },
      cases: [
        {
          label: 'mypaas --help',
          run: async () => void (await execa(MYPAAS_BIN, ['--help'])), // through its #! line
        },
      ],
    },
    rounds,
  );
  const base = median(samples[0]?.ms ?? []);
  return [
    `### start-up: wall time of a new process, ${rounds} rounds`,
    '| command | median ms | ratio to node -e 0 | more than node -e 0, ms |',
    '|---|---:|---:|---:|',
    ...samples.map((s) => {
      const m = median(s.ms);
      return `| ${s.label} | ${m.toFixed(1)} | ${(m / base).toFixed(2)} | ${(m - base).toFixed(1)} |`;
    }),
    'target: mypaas --help <= 250 ms more than node -e 0',
    '',
  ].join('\n');
}
