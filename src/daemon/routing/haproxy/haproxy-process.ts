// Runs HAProxy in master-worker mode: started once, then reloaded seamlessly (listeners handed to
// the new worker through `expose-fd listeners`) only when hosts or backends change.
import { readFile } from 'node:fs/promises';
import { execa } from 'execa';
import { MypaasError } from '../../../core/errors.js';
import { writeHaproxyConfig } from './haproxy-config-file.js';
import { haproxyPaths } from './haproxy-paths.js';
import { showProc, type ProcessTable } from './master-cli.js';
import { runtimeApiAt } from './runtime-api.js';
import { sendCommand } from './socket-command.js';

/** How to run HAProxy and how long to wait for a worker to serve. */
export interface HaproxyOptions {
  home: string;
  haproxyBin?: string;
  /** Bound on waiting for a (new) worker to answer on the runtime socket; default 15 s. */
  readyTimeoutMs?: number;
}

/** Writes and validates the config and starts HAProxy unless its master already runs. */
export async function ensureHaproxy(
  options: HaproxyOptions & { configText: string },
): Promise<{ started: boolean; workerPid: number }> {
  const paths = haproxyPaths(options.home);
  const bin = options.haproxyBin ?? 'haproxy';
  await writeHaproxyConfig(options.home, options.configText, bin);
  if (await haproxyStatus(options.home)) {
    return { started: false, workerPid: await runtimeApiAt(paths.runtimeSocket).workerPid() };
  }
  const args = ['-W', '-D', '-S', `${paths.masterSocket},mode,600`, '-p', paths.pidfile];
  const result = await execa(bin, [...args, '-f', paths.config], {
    reject: false,
    all: true,
    stdin: 'ignore',
  });
  if (result.exitCode !== 0) {
    const output = result.all?.trim() || (result.message ?? '');
    throw new MypaasError('PROXY_UNAVAILABLE', `HAProxy did not start:\n${output}`, {
      cause: result,
      hint: 'ports below 1024 need root or CAP_NET_BIND_SERVICE; is another proxy on the ports?',
    });
  }
  return { started: true, workerPid: await waitForWorker(options, null) };
}

/** Reloads the config on disk through the master; resolves with the new worker's pid once it serves. */
export async function reloadHaproxy(options: HaproxyOptions): Promise<number> {
  const paths = haproxyPaths(options.home);
  const before = await showProc(paths.masterSocket);
  await sendReload(paths.masterSocket);
  return waitForWorker(options, before);
}

/** The master's process table when our HAProxy runs, else null. */
export async function haproxyStatus(home: string): Promise<ProcessTable | null> {
  const paths = haproxyPaths(home);
  const pid = await readPid(paths.pidfile);
  if (pid === null || !(await alive(pid))) return null;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes(paths.masterSocket)) return null; // a recycled pid, not our master
  // A master that is re-executing itself answers again within moments.
  for (let attempt = 0; ; attempt++) {
    try {
      return await showProc(paths.masterSocket);
    } catch (err) {
      if (attempt >= 20) throw err;
      await sleep(50);
    }
  }
}

/** Stops HAProxy (master and workers) and waits until the master is gone; for tests and teardown. */
export async function stopHaproxy(home: string): Promise<void> {
  const pid = await readPid(haproxyPaths(home).pidfile);
  if (pid === null || !(await alive(pid))) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && (await alive(pid)); i++) await sleep(20);
  if (await alive(pid)) process.kill(pid, 'SIGKILL');
}

// Polls until a worker that did not exist in `before` is listed and answers the runtime socket.
async function waitForWorker(
  options: HaproxyOptions,
  before: ProcessTable | null,
): Promise<number> {
  const paths = haproxyPaths(options.home);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  let last: unknown = null;
  for (;;) {
    const probe = await probeWorker(paths.masterSocket, paths.runtimeSocket, before).catch(
      (err: unknown) => ({ kind: 'waiting' as const, err }),
    );
    if (probe.kind === 'ready') return probe.pid;
    if (probe.kind === 'failed') {
      throw new MypaasError('PROXY_UNAVAILABLE', 'HAProxy could not load the new config', {
        hint: 'the previous config keeps serving; is a port taken or a certificate unreadable?',
      });
    }
    last = probe.err;
    if (Date.now() > deadline) {
      throw new MypaasError('PROXY_UNAVAILABLE', 'HAProxy has no worker serving the new config', {
        cause: last,
      });
    }
    await sleep(25);
  }
}

type Probe =
  { kind: 'ready'; pid: number } | { kind: 'failed' } | { kind: 'waiting'; err: unknown };

async function probeWorker(
  masterSocket: string,
  runtimeSocket: string,
  before: ProcessTable | null,
): Promise<Probe> {
  const table = await showProc(masterSocket);
  if (before && table.failedReloads > before.failedReloads) return { kind: 'failed' };
  const fresh = table.workers.find((pid) => !before?.workers.includes(pid));
  if (fresh === undefined) return { kind: 'waiting', err: 'no new worker yet' };
  const answering = await runtimeApiAt(runtimeSocket).workerPid();
  return answering === fresh
    ? { kind: 'ready', pid: fresh }
    : { kind: 'waiting', err: `worker ${answering} still answers` };
}

// The master re-executes itself and drops the connection: its answer carries nothing.
async function sendReload(masterSocket: string): Promise<void> {
  await sendCommand(masterSocket, 'reload').catch(() => undefined);
}

async function readPid(pidfile: string): Promise<number | null> {
  const text = await readFile(pidfile, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

// A zombie (exited, not yet reaped by whoever adopted the daemon) counts as gone.
async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return !/^\d+ \(.*\) Z/.test(stat);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
