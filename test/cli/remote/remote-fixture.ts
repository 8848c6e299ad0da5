// One test's world: a temporary HOME, a client key, the stand-in daemon, and `mypaas` run as a real process.
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa, type Options, type ResultPromise } from 'execa';
import {
  makeClientKey,
  startTestServer,
  tempDir,
  type ExecCall,
  type TestServer,
} from './ssh-test-server.js';

const bin = join(fileURLToPath(new URL('../../../../', import.meta.url)), 'bin/mypaas.js');

/** The pieces a remote CLI test uses. */
export interface RemoteFixture {
  home: string;
  key: { path: string; publicLine: string };
  server: TestServer;
  /** `127.0.0.1:PORT`, the SERVER argument. */
  address: string;
  /** The CLI's known_hosts under this HOME. */
  knownHosts: string;
  /** Runs `mypaas ...args` with this HOME and key; never rejects, read `exitCode`. */
  run(
    args: string[],
    options?: { env?: Record<string, string>; input?: string; nodeArgs?: string[] },
  ): ResultPromise<{ reject: false }>;
}

/** Starts the stand-in daemon answering each exec with `handle`, and a HOME whose key it accepts. */
export async function remoteFixture(
  t: TestContext,
  handle: (call: ExecCall) => void | Promise<void>,
): Promise<RemoteFixture> {
  const home = await tempDir(t, 'mypaas-home-');
  const key = await makeClientKey(t);
  const server = await startTestServer(t, { authorized: [key.publicLine], handle });
  return {
    home,
    key,
    server,
    address: `127.0.0.1:${server.port}`,
    knownHosts: join(home, '.config', 'mypaas', 'known_hosts'),
    run: (args, options = {}) =>
      mypaas(
        home,
        args,
        { MYPAAS_IDENTITY: key.path, ...options.env },
        options.input,
        options.nodeArgs,
      ),
  };
}

/** `mypaas ...args` as a child process with only the environment given (plus PATH), so nothing
 * leaks in; `nodeArgs` go to node before the entry point. */
export function mypaas(
  home: string,
  args: string[],
  env: Record<string, string> = {},
  input?: string,
  nodeArgs: string[] = [],
): ResultPromise<{ reject: false }> {
  const options: Options = {
    reject: false,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, NO_COLOR: '1', ...env },
    ...(input === undefined ? { stdin: 'ignore' } : { input }),
  };
  return execa('node', [...nodeArgs, bin, ...args], options) as ResultPromise<{ reject: false }>;
}

/**
 * Runs `mypaas ...args` on a pseudo-terminal (util-linux `script`), as a person would; colour is
 * left to chalk. `answer` is typed once `prompt` appears, like a person answering a question.
 */
export async function runInTerminal(
  home: string,
  args: string[],
  env: Record<string, string> = {},
  type?: { prompt: string; answer: string },
): Promise<{ exitCode: number; output: string }> {
  const quoted = ['node', bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = execa('script', ['-qfec', quoted, '/dev/null'], {
    reject: false,
    extendEnv: false,
    stdin: type ? 'pipe' : 'ignore',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TERM: 'xterm-256color', ...env },
  });
  let seen = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
    if (type && seen.includes(type.prompt)) {
      child.stdin?.end(`${type.answer}\n`);
      type = undefined;
    }
  });
  const result = await child;
  return { exitCode: result.exitCode ?? -1, output: String(result.stdout) };
}

/** A result event with data, then exit 0: what the daemon ends a successful command with. */
export function succeed(call: ExecCall, data: unknown): void {
  call.send({ type: 'result', ok: true, data });
  call.exit(0);
}
