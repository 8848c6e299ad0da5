// A throwaway OpenSSH server on a free loopback port, as a baseline: its own host key, config and
// authorized_keys in a temp dir; the user running the benchmark logs in with a fresh key.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa, type ResultPromise } from 'execa';
import { freePort } from '../test/helpers/free-port.js';
import { makeKey, sshArgs as clientArgs, type TestKey } from '../test/daemon/ssh/daemon-fixture.js';

const SSHD = '/usr/sbin/sshd';
// Where a root sshd chroots its unprivileged child; Debian's service unit normally makes it.
const PRIVSEP_DIR = '/run/sshd';

/** A running sshd and the `ssh` arguments that reach it. */
export interface OpensshServer {
  port: number;
  key: TestKey;
  /** `ssh` options and destination; append the remote command. */
  sshArgs: string[];
  stop(): Promise<void>;
}

/** Why there is no OpenSSH server to compare with, or undefined. */
export async function opensshMissing(): Promise<string | undefined> {
  if (!existsSync(SSHD)) return `no ${SSHD} (apt-get install openssh-server)`;
  const found = await execa('ssh', ['-V'], { reject: false });
  return found.exitCode === 0 ? undefined : 'no ssh client (apt-get install openssh-client)';
}

/** Starts sshd in the foreground, with everything it needs in `dir`. */
export async function startOpensshServer(dir: string, user: string): Promise<OpensshServer> {
  await mkdir(dir, { recursive: true });
  const hostKey = join(dir, 'host_ed25519');
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  const key = await makeKey(dir, 'client');
  await writeFile(join(dir, 'authorized_keys'), await readFile(key.publicFile));
  const port = await freePort();
  const config = join(dir, 'sshd_config');
  await writeFile(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'UsePAM no',
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      '',
    ].join('\n'),
  );
  const madePrivsep = process.getuid?.() === 0 && !existsSync(PRIVSEP_DIR);
  if (madePrivsep) await mkdir(PRIVSEP_DIR, { mode: 0o755 });
  const sshd: ResultPromise = execa(SSHD, ['-D', '-e', '-f', config], {
    reject: false,
    all: true,
  });
  const sshArgs = clientArgs(port, key, user);
  const stop = async () => {
    sshd.kill('SIGTERM');
    await sshd;
    if (madePrivsep) await rm(PRIVSEP_DIR, { recursive: true, force: true });
  };
  // Ready once a command runs through it.
  for (let tries = 0; ; tries++) {
    const probe = await execa('ssh', [...sshArgs, 'true'], { reject: false });
    if (probe.exitCode === 0) break;
    if (tries === 50 || sshd.exitCode !== null) {
      await stop();
      throw new Error(`sshd did not start: ${probe.stderr}`);
    }
    await sleep(100);
  }
  return { port, key, sshArgs, stop };
}
