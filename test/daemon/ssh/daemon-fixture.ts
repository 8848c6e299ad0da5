// A daemon serving SSH on a free port, in-process, over a deploy fixture's home; keys made with
// ssh-keygen per test; clients: ssh2 and the real OpenSSH `ssh`.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { TestContext } from 'node:test';
import { execa } from 'execa';
import ssh2 from 'ssh2';
import { parsePublicKey } from '../../../src/core/ssh-keys.js';
import { startDaemon, type RunningDaemon } from '../../../src/daemon/daemon.js';
import { openEngine, type Engine } from '../../../src/daemon/engine.js';
import { addKey, type KeyRole } from '../../../src/daemon/state/keys.js';
import { deployFixture, type DeployFixture, type ExtraToml } from '../deploy/fixture.js';

/** A key pair made by ssh-keygen. */
export interface TestKey {
  name: string;
  privateFile: string;
  publicFile: string;
  /** As `ssh-keygen -lf` shows them: SHA256:…, size, and the type in brackets. */
  fingerprint: string;
  bits: number;
  label: string;
}

/** How a command over SSH ended. */
export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A deploy fixture plus a daemon serving its home. */
export interface DaemonFixture extends DeployFixture {
  daemon: RunningDaemon;
  /** The daemon's own engine, as the daemon process keeps one. */
  daemonEngine: Engine;
  port: number;
  log: string[];
  /** Makes a key and lets it log in with `role` (and `services` for deployers). */
  key(name: string, role: KeyRole, services?: string[]): Promise<TestKey>;
  /** Runs `command` through an ssh2 client; `input` is sent on stdin, then EOF. */
  exec(key: TestKey, command: string, input?: Buffer | Readable): Promise<ExecResult>;
  /** Runs the OpenSSH client: `ssh … deploy@127.0.0.1 ...args`. */
  ssh(key: TestKey, args: string[], input?: Buffer | string): Promise<ExecResult>;
  /** The arguments that make `ssh` reach this daemon with `key`. */
  sshArgs(key: TestKey): string[];
  /** The entries of $MYPAAS_HOME/work. */
  workDirs(): Promise<string[]>;
}

/** Starts a daemon for one test; `extraToml` goes into config.toml as in deployFixture. */
export async function daemonFixture(
  t: TestContext,
  extraToml: ExtraToml = '',
): Promise<DaemonFixture | undefined> {
  let stop = async (): Promise<void> => {};
  t.after(() => stop()); // registered first, so it runs before the deploy fixture's cleanup
  const f = await deployFixture(t, extraToml);
  if (!f) return undefined;
  const keysDir = await mkdtemp(join(tmpdir(), 'mypaas-keys-'));
  const daemonEngine = await openEngine({ home: f.home, userHome: f.userHome });
  const log: string[] = [];
  const daemon = await startDaemon({
    engine: daemonEngine,
    listen: '127.0.0.1:0',
    log: (text) => log.push(text),
  });
  stop = async () => {
    await daemon.stop(10_000);
    daemonEngine.close();
    await rm(keysDir, { recursive: true, force: true });
  };
  const fixture: DaemonFixture = {
    ...f,
    daemon,
    daemonEngine,
    port: daemon.port,
    log,
    key: async (name, role, services = []) => {
      const key = await makeKey(keysDir, name);
      const parsed = parsePublicKey(await readFile(key.publicFile, 'utf8'));
      addKey(f.engine.db, { name, key: parsed, role, services });
      return key;
    },
    exec: async (key, command, input) =>
      execOverSsh2(daemon.port, await readFile(key.privateFile), command, input),
    sshArgs: (key) => sshArgs(daemon.port, key),
    ssh: async (key, args, input) => {
      const result = await execa('ssh', [...sshArgs(daemon.port, key), ...args], {
        input,
        reject: false,
        timeout: 120_000,
      });
      return { code: result.exitCode ?? null, stdout: result.stdout, stderr: result.stderr };
    },
    workDirs: async () => readdir(join(f.home, 'work')),
  };
  return fixture;
}

/** A fresh ed25519 key (or `type`/`bits`, `comment`) in `dir`, made by ssh-keygen. */
export async function makeKey(
  dir: string,
  name: string,
  type = 'ed25519',
  bits?: number,
  comment = `${name}@test`,
): Promise<TestKey> {
  const privateFile = join(dir, name);
  const size = bits === undefined ? [] : ['-b', String(bits)];
  await execa('ssh-keygen', [
    '-q',
    '-t',
    type,
    ...size,
    '-N',
    '',
    '-C',
    comment,
    '-f',
    privateFile,
  ]);
  // "256 SHA256:… the comment (ED25519)"
  const { stdout } = await execa('ssh-keygen', ['-lf', `${privateFile}.pub`]);
  const [shownBits, fingerprint, ...rest] = stdout.split(' ');
  return {
    name,
    privateFile,
    publicFile: `${privateFile}.pub`,
    fingerprint: fingerprint ?? '',
    bits: Number(shownBits),
    label: rest.at(-1)?.replace(/[()]/g, '') ?? '',
  };
}

/** OpenSSH client options: no known_hosts, only this key, never a prompt. */
export function sshArgs(port: number, key: TestKey, user = 'deploy'): string[] {
  return [
    '-p',
    String(port),
    '-i',
    key.privateFile,
    '-o',
    'StrictHostKeyChecking=no',
    '-o',
    'UserKnownHostsFile=/dev/null',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'IdentityAgent=none',
    '-o',
    'BatchMode=yes',
    '-o',
    'LogLevel=ERROR',
    `${user}@127.0.0.1`,
  ];
}

/** One exec over a fresh ssh2 connection; resolves when the channel closes. */
export async function execOverSsh2(
  port: number,
  privateKey: Buffer,
  command: string,
  input?: Buffer | Readable,
  onStdout?: (text: string) => void,
): Promise<ExecResult> {
  const client = await connect(port, privateKey);
  try {
    return await new Promise<ExecResult>((resolve, reject) => {
      client.exec(command, (err, channel) => {
        if (err) return reject(err);
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        channel.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          onStdout?.(stdout);
        });
        channel.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        channel.on('exit', (status: number | null) => (code = status));
        channel.on('close', () => resolve({ code, stdout, stderr }));
        channel.on('error', () => {}); // a refused upload closes the channel under our writes
        if (input === undefined) channel.end();
        else if (Buffer.isBuffer(input)) channel.end(input);
        else input.pipe(channel).on('error', () => {});
      });
    });
  } finally {
    client.end();
  }
}

/** A logged-in ssh2 client; rejects when the key is refused. */
export function connect(port: number, privateKey: Buffer): Promise<ssh2.Client> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.on('ready', () => resolve(client)).on('error', reject);
    client.connect({
      host: '127.0.0.1',
      port,
      username: 'deploy',
      privateKey,
      readyTimeout: 20_000,
    });
  });
}

/** An app directory as the gzipped (or plain) tar `push` reads on stdin. */
export async function tarOf(dir: string, gzip = true): Promise<Buffer> {
  const args = [gzip ? '-cz' : '-c', '-C', dir, '.'];
  return Buffer.from((await execa('tar', args, { encoding: 'buffer' })).stdout);
}
