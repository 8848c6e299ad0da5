// Upload throughput and daemon memory: `mypaas push` of a 500 MiB app over loopback, against
// `tar -c | ssh … 'cat >/dev/null'` through a Debian OpenSSH server in the same run.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { dockerMissing, median, type Report } from './bench.js';
import {
  addAdminKey,
  MYPAAS_BIN,
  peakResident,
  residentBytes,
  startDaemonProcess,
  writeDaemonConfig,
  type DaemonProcess,
} from './daemon-process.js';
import { opensshMissing, startOpensshServer, type OpensshServer } from './openssh-server.js';
import { writeSampleApp, type SampleApp } from './sample-app.js';

const MB = 1024 * 1024;
// The deploy is refused right after the upload (a secret the host does not have): nothing is
// built, so the daemon's work ends with receiving and extracting, and no Docker object is made.
const DOCKERFILE =
  '# mypaas.service = bench-upload\n# mypaas.env = BENCH_UPLOAD_UNSET\n' +
  'FROM mypaas/busybox:latest\nCOPY . /app\n';
const RECEIVED = /received (\d+) files and directories, ([\d.]+) MB/;

/** The upload report; needs Docker (the daemon opens it) and OpenSSH's sshd and ssh. */
export function uploadReport(): Report {
  return {
    name: 'upload',
    unavailable: async () => (await opensshMissing()) ?? (await dockerMissing()),
    run: async () => {
      const root = await mkdtemp(join(tmpdir(), 'mypaas-bench-upload-'));
      const stack: (() => Promise<void>)[] = [() => rm(root, { recursive: true, force: true })];
      try {
        const app = join(root, 'app');
        const home = join(root, 'home');
        await mkdir(app);
        await mkdir(home);
        const sample = await writeSampleApp(app, DOCKERFILE);
        const sshd = await startOpensshServer(join(root, 'sshd'), userInfo().username);
        stack.push(() => sshd.stop());
        await writeDaemonConfig(home);
        await addAdminKey(home, 'bench', sshd.key.publicFile);
        const daemon = await startDaemonProcess(home);
        stack.push(() => daemon.stop());
        await sleep(1000);
        const idle = await residentBytes(daemon.pid);
        const rounds = Number(process.env['BENCH_ROUNDS'] ?? 5);
        const times = await measureUploads({ app, sample, root, sshd, daemon }, rounds);
        return table(sample, rounds, times, idle);
      } finally {
        for (const undo of stack.reverse()) await undo();
      }
    },
  };
}

interface Setup {
  app: string;
  sample: SampleApp;
  root: string;
  sshd: OpensshServer;
  daemon: DaemonProcess;
}

// One warm-up each, then the uploads alternate so drift in the machine hits all alike.
async function measureUploads(setup: Setup, rounds: number) {
  const openssh: number[] = [];
  const extracting: number[] = [];
  const mypaas: number[] = [];
  let peak = 0;
  const unpacked = join(setup.root, 'unpacked');
  for (let round = -1; round < rounds; round++) {
    const base = await opensshUpload(setup, 'cat >/dev/null');
    const untar = await opensshUpload(setup, `mkdir ${unpacked} && tar -x -C ${unpacked}`);
    await rm(unpacked, { recursive: true });
    const push = await mypaasUpload(setup);
    if (round < 0) continue;
    openssh.push(base);
    extracting.push(untar);
    mypaas.push(push.ms);
    peak = Math.max(peak, push.peak);
  }
  return { openssh, extracting, mypaas, peak };
}

// A real `tar | ssh` pipe: spawn hands tar's stdout to ssh as its stdin, while execa's pipe() would
// relay every byte through this process and slow the baseline down by about a third.
async function opensshUpload({ app, sshd }: Setup, remote: string): Promise<number> {
  const started = performance.now();
  const tar = spawn('tar', ['-c', '-C', app, '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ssh = spawn('ssh', [...sshd.sshArgs, remote], {
    stdio: [tar.stdout, 'ignore', 'inherit'],
  });
  tar.stdout.destroy(); // ssh has its own copy of the pipe; ours would keep tar from closing
  const [tarCode, sshCode] = await Promise.all([exitOf(tar), exitOf(ssh)]);
  if (tarCode !== 0 || sshCode !== 0) throw new Error(`tar | ssh failed: ${tarCode}, ${sshCode}`);
  return performance.now() - started;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => child.on('error', reject).on('close', resolve));
}

// From starting the CLI until the daemon says it has received and extracted everything, its
// first event after the upload; the daemon's memory is sampled over the same span.
async function mypaasUpload({ app, sample, root, sshd, daemon }: Setup) {
  const sampler = peakResident(daemon.pid);
  const started = performance.now();
  // Run as users run it, through the entry point's #! line.
  const child = execa(
    MYPAAS_BIN,
    ['push', `bench@127.0.0.1:${daemon.port}`, app, '--identity', sshd.key.privateFile],
    { env: { XDG_CONFIG_HOME: join(root, 'client'), NO_COLOR: '1' }, reject: false, all: true },
  );
  let output = '';
  let ms = 0;
  let sampled: Promise<number> | undefined;
  child.all.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (ms > 0 || !RECEIVED.test(output)) return;
    ms = performance.now() - started;
    sampled = sampler.stop();
  });
  await child;
  const peak = await (sampled ?? sampler.stop());
  // The daemon counts tar bytes: the files plus headers and padding.
  const received = Number(RECEIVED.exec(output)?.[2] ?? 0) * MB;
  if (ms === 0 || received < sample.bytes || !/BENCH_UPLOAD_UNSET/.test(output))
    throw new Error(`mypaas push did not end as planned:\n${output}`);
  return { ms, peak };
}

function table(
  sample: SampleApp,
  rounds: number,
  times: Awaited<ReturnType<typeof measureUploads>>,
  idle: number,
): string {
  const mb = sample.bytes / MB;
  const base = median(times.openssh);
  const row = (label: string, ms: number[]) => {
    const m = median(ms);
    return `| ${label} | ${(m / 1000).toFixed(2)} | ${(mb / (m / 1000)).toFixed(0)} | ${((100 * base) / m).toFixed(0)} % |`;
  };
  const { peak } = times;
  return [
    `${sample.files} files, ${mb.toFixed(0)} MiB: half random bytes, half log text; median of ${rounds} rounds`,
    '| upload | median s | MiB/s | throughput vs OpenSSH |',
    '|---|---:|---:|---:|',
    row("tar -c \\| ssh (OpenSSH sshd) 'cat >/dev/null'", times.openssh),
    row(
      "tar -c \\| ssh (OpenSSH sshd) 'tar -x', for comparison: it writes the files too",
      times.extracting,
    ),
    row('mypaas push, until the daemon has received and extracted it', times.mypaas),
    '',
    '| daemon RSS | MB |',
    '|---|---:|',
    `| idle, before the first push | ${(idle / MB).toFixed(1)} |`,
    `| peak while receiving (highest of all rounds) | ${(peak / MB).toFixed(1)} |`,
    `| growth | ${((peak - idle) / MB).toFixed(1)} |`,
    'target: mypaas >= 60 % of OpenSSH throughput; daemon RSS growth <= 64 MB',
    '',
  ].join('\n');
}
