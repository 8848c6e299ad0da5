// A small REAL ssh2 server standing in for the mypaas daemon: it authenticates one test key, records
// each exec command, can unpack what is streamed into stdin, and answers with scripted JSON-lines
// events and an exit status. The daemon's own end-to-end tests cover the real server; this one only
// pins down what the client sends and how it reacts to each answer.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import type { TestContext } from 'node:test';
import ssh2 from 'ssh2';
import { encodeEvent, type DaemonEvent } from '../../../src/core/protocol.js';
import { generateHostKey } from '../../../src/daemon/ssh/host-key.js';

/** One exec request as the handler sees it. */
export interface ExecCall {
  command: string;
  user: string;
  /** What the client streams into the command's stdin. */
  stdin: Readable;
  send(event: DaemonEvent): void;
  /** Raw stdout text, e.g. a line that is not an event. */
  write(text: string): void;
  stderr(text: string): void;
  /** Sends the exit status and closes the channel. */
  exit(code: number): void;
}

/** A running server; `commands` lists every exec string received, in order. */
export interface TestServer {
  port: number;
  /** The host key's public blob (what known_hosts stores) and its `.pub` line. */
  hostKey: Buffer;
  hostKeyLine: string;
  commands: string[];
  users: string[];
}

/** A key pair for the test client, made by the real ssh-keygen; `passphrase` encrypts it. */
export async function makeClientKey(
  t: TestContext,
  options: {
    type?: 'ed25519' | 'ecdsa' | 'rsa';
    passphrase?: string;
    dir?: string;
    name?: string;
  } = {},
) {
  const dir = options.dir ?? (await tempDir(t, 'mypaas-key-'));
  const path = join(dir, options.name ?? 'id_test');
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    options.type ?? 'ed25519',
    '-N',
    options.passphrase ?? '',
    '-C',
    'test@mypaas',
    '-f',
    path,
  ]);
  const publicLine = execFileSync(
    'ssh-keygen',
    ['-y', '-P', options.passphrase ?? '', '-f', path],
    { encoding: 'utf8' },
  ).trim();
  return { path, publicLine };
}

/** Starts a server on 127.0.0.1:0 that accepts the `authorized` public key lines and runs `handle` per exec. */
export async function startTestServer(
  t: TestContext,
  options: {
    authorized: string[];
    handle: (call: ExecCall) => void | Promise<void>;
    hostKey?: string;
  },
): Promise<TestServer> {
  const hostPrivate = options.hostKey ?? generateHostKey();
  const parsed = ssh2.utils.parseKey(hostPrivate);
  if (parsed instanceof Error || Array.isArray(parsed)) throw new Error('bad host key');
  const hostKey = parsed.getPublicSSH();
  const keys = options.authorized.map((line) => {
    const key = ssh2.utils.parseKey(line);
    if (key instanceof Error || Array.isArray(key)) throw new Error(`bad authorized key ${line}`);
    return key;
  });
  const state = { commands: [] as string[], users: [] as string[] };
  const server = new ssh2.Server({ hostKeys: [hostPrivate] }, (client) => {
    client.on('error', () => {});
    // As the daemon should: without it each authentication round trip waits on a delayed ACK.
    (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
    client.on('authentication', (ctx) => {
      const key =
        ctx.method === 'publickey'
          ? keys.find((k) => k.getPublicSSH().equals(ctx.key.data))
          : undefined;
      if (!key || ctx.method !== 'publickey') return ctx.reject(['publickey']);
      // Without a signature the client only asks whether the key would do; it signs next.
      if (
        ctx.signature &&
        key.verify(ctx.blob ?? Buffer.alloc(0), ctx.signature, ctx.hashAlgo) !== true
      ) {
        return ctx.reject(['publickey']);
      }
      if (ctx.signature) state.users.push(ctx.username);
      ctx.accept();
    });
    client.on('session', (acceptSession) => {
      acceptSession().on('exec', (accept, _reject, info) => {
        state.commands.push(info.command);
        const channel = accept();
        const call: ExecCall = {
          command: info.command,
          user: state.users.at(-1) ?? '',
          stdin: channel,
          send: (event) => channel.write(encodeEvent(event)),
          write: (text) => channel.write(text),
          stderr: (text) => channel.stderr.write(text),
          exit: (code) => {
            channel.exit(code);
            channel.end();
          },
        };
        Promise.resolve(options.handle(call)).catch((err: unknown) => {
          call.stderr(`test server: ${String(err)}\n`);
          call.exit(99);
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as { port: number }).port;
  return { port, hostKey, hostKeyLine: `${parsed.type} ${hostKey.toString('base64')}`, ...state };
}

/** A temporary directory removed after the test. */
export async function tempDir(t: TestContext, prefix = 'mypaas-remote-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `files` (relative path → content) under `dir`, creating directories. */
export async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
}
