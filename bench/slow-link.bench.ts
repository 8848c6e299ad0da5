// Upload over a slow uplink: 40 MiB of logs through a 5 MiB/s throttling proxy to the daemon,
// `mypaas push` (compresses while the link is slower than deflate) against `tar -c | ssh … push`
// (OpenSSH's client, the tar as it is), in the same run.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { makeKey, sshArgs } from '../test/daemon/ssh/daemon-fixture.js';
import { dockerMissing, median, type Report } from './bench.js';
import {
  addAdminKey,
  MYPAAS_BIN,
  startDaemonProcess,
  writeDaemonConfig,
} from './daemon-process.js';
import { opensshMissing } from './openssh-server.js';
import { textPool } from './sample-app.js';
import { startThrottleProxy } from './throttle-proxy.js';

const MB = 1024 * 1024;
const RATE = 5 * MB;
const SIZE = 40 * MB;
// Refused right after the upload (a secret the host does not have): nothing is built.
const DOCKERFILE =
  '# mypaas.service = bench-slow-link\n# mypaas.env = BENCH_UPLOAD_UNSET\n' +
  'FROM mypaas/busybox:latest\nCOPY . /app\n';
const SENT = /\((framed tar|tar\.gz|tar), ([\d.]+) (MB|kB) sent\)/;

/** The slow-link report; needs Docker (the daemon opens it) and OpenSSH's client. */
export function slowLinkReport(): Report {
  return {
    name: 'slow-link',
    unavailable: async () => (await opensshMissing()) ?? (await dockerMissing()),
    run: async () => {
      const root = await mkdtemp(join(tmpdir(), 'mypaas-bench-slow-'));
      const stack: (() => Promise<void>)[] = [() => rm(root, { recursive: true, force: true })];
      try {
        const app = join(root, 'app');
        const home = join(root, 'home');
        await mkdir(join(app, 'logs'), { recursive: true });
        await mkdir(home);
        await writeFile(join(app, 'Dockerfile'), DOCKERFILE);
        await writeFile(join(app, 'logs/app.log'), textPool(SIZE));
        const key = await makeKey(root, 'bench');
        await writeDaemonConfig(home);
        await addAdminKey(home, 'bench', key.publicFile);
        const daemon = await startDaemonProcess(home);
        stack.push(() => daemon.stop());
        const proxy = await startThrottleProxy(daemon.port, RATE);
        stack.push(() => proxy.stop());
        const plain = () =>
          timed('bash', [
            '-c',
            'tar -c -C "$1" . | ssh "${@:2}" push',
            'bash',
            app,
            ...sshArgs(proxy.port, key, 'bench'),
          ]);
        const push = () =>
          timed(
            MYPAAS_BIN,
            ['push', `bench@127.0.0.1:${proxy.port}`, app, '--identity', key.privateFile],
            { XDG_CONFIG_HOME: join(root, 'client'), NO_COLOR: '1' },
          );
        const rounds = Number(process.env['BENCH_ROUNDS'] ?? 3);
        const results = { plain: [] as Timed[], push: [] as Timed[] };
        for (let round = -1; round < rounds; round++) {
          const [a, b] = [await plain(), await push()];
          if (round < 0) continue;
          results.plain.push(a);
          results.push.push(b);
        }
        return table(rounds, results);
      } finally {
        for (const undo of stack.reverse()) await undo();
      }
    },
  };
}

interface Timed {
  ms: number;
  sent: string;
}

// Runs until the daemon refuses the deploy for its missing secret, right after receiving.
async function timed(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<Timed> {
  const started = performance.now();
  const run = await execa(file, args, { env, reject: false, all: true });
  const ms = performance.now() - started;
  const sent = SENT.exec(run.all);
  if (!sent || !run.all.includes('BENCH_UPLOAD_UNSET'))
    throw new Error(`the push did not end as planned:\n${run.all}`);
  return { ms, sent: `${sent[2]} ${sent[3]} (${sent[1]})` };
}

function table(rounds: number, results: { plain: Timed[]; push: Timed[] }): string {
  const base = median(results.plain.map((r) => r.ms));
  const row = (label: string, runs: Timed[]) => {
    const m = median(runs.map((r) => r.ms));
    return `| ${label} | ${(m / 1000).toFixed(2)} | ${runs[0]?.sent ?? ''} | ${(base / m).toFixed(2)}× |`;
  };
  return [
    `${SIZE / MB} MiB of log text through a ${RATE / MB} MiB/s uplink; median of ${rounds} rounds`,
    '| upload | median s | sent | speed vs tar \\| ssh |',
    '|---|---:|---:|---:|',
    row('tar -c \\| ssh … push (OpenSSH client)', results.plain),
    row('mypaas push', results.push),
    '',
  ].join('\n');
}
