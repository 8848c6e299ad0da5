// Starts `mypaas server daemon` in the background on machines without systemd, once.
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MypaasError } from '../../core/errors.js';
import { daemonArgv } from './daemon-argv.js';

/** Files of a background daemon under $MYPAAS_HOME. */
export function daemonFiles(home: string): { pidFile: string; logFile: string } {
  return { pidFile: join(home, 'daemon.pid'), logFile: join(home, 'daemon.log') };
}

/** The pid of a running background daemon of this home, or null. */
export async function runningDaemon(home: string): Promise<number | null> {
  const text = await readFile(daemonFiles(home).pidFile, 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.split('\0').includes('daemon') ? pid : null;
}

/** Starts the daemon detached, logging to daemon.log; returns its pid (or the running one's). */
export async function startBackgroundDaemon(options: {
  home: string;
  node: string;
  bin: string;
}): Promise<{ pid: number; started: boolean }> {
  const existing = await runningDaemon(options.home);
  if (existing !== null) return { pid: existing, started: false };
  const { pidFile, logFile } = daemonFiles(options.home);
  const log = openSync(logFile, 'a');
  const child = spawn(options.node, daemonArgv(options.bin), {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, MYPAAS_HOME: options.home },
  });
  child.unref();
  if (child.pid === undefined) {
    throw new MypaasError('INTERNAL', `could not start the mypaas daemon; see ${logFile}`);
  }
  await writeFile(pidFile, `${child.pid}\n`);
  return { pid: child.pid, started: true };
}
