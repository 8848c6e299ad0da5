// `mypaas server daemon` as a child process over a temp MYPAAS_HOME, and its resident memory read
// from /proc, as an operator's `ps` would see it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { daemonArgv } from '../src/daemon/init/daemon-argv.js';

/** The CLI entry point, as installed. */
export const MYPAAS_BIN = join(fileURLToPath(new URL('../../', import.meta.url)), 'bin/mypaas.js');

/** A daemon that printed that it listens. */
export interface DaemonProcess {
  pid: number;
  port: number;
  output(): string;
  /** SIGTERM, then waits for it to exit. */
  stop(): Promise<void>;
}

/** Writes config.toml for a daemon without a proxy, on any free loopback port. */
export async function writeDaemonConfig(home: string): Promise<void> {
  await writeFile(
    join(home, 'config.toml'),
    '[proxy]\ndriver = "none"\n\n[daemon]\nssh_listen = "127.0.0.1:0"\n',
  );
}

/** Lets the public key in `pubFile` log in as an admin, through the CLI an operator uses. */
export async function addAdminKey(home: string, name: string, pubFile: string): Promise<void> {
  await execa('node', [MYPAAS_BIN, 'server', 'keys', 'add', name, pubFile, '--role', 'admin'], {
    env: { MYPAAS_HOME: home },
  });
}

/** Starts the daemon and waits until it says where it listens. */
export async function startDaemonProcess(home: string): Promise<DaemonProcess> {
  const child: ResultPromise = execa('node', daemonArgv(MYPAAS_BIN), {
    env: { MYPAAS_HOME: home, NO_COLOR: '1' },
    reject: false,
    all: true,
  });
  let output = '';
  child.all?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    child.kill('SIGTERM');
    await child;
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
    if (match && child.pid !== undefined) {
      return { pid: child.pid, port: Number(match[1]), output: () => output, stop };
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      await stop();
      throw new Error(`the daemon did not start:\n${output}`);
    }
    await sleep(20);
  }
}

/** Resident memory of process `pid` in bytes (0 once it is gone). */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
}

/** Samples `pid`'s resident memory every `everyMs` until `stop`, which returns the peak. */
export function peakResident(pid: number, everyMs = 20): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const sampling = (async () => {
    while (running) {
      peak = Math.max(peak, await residentBytes(pid));
      await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await sampling;
      return peak;
    },
  };
}
