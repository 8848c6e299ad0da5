// One SSH session for one command: resolve SERVER, find keys, connect, run, always disconnect.
import type { Client } from 'ssh2';
import { clientConfigDir, knownHostsFile, serversFile } from './client-config.js';
import { connect } from './connect.js';
import { keySources, type PassphrasePrompt } from './identity.js';
import { resolveServer, type ServerTarget } from './server-address.js';

/** What a remote command may set; the rest comes from the environment and the terminal. */
export interface SessionOptions {
  /** `--identity FILE`. */
  identity?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  prompt?: PassphrasePrompt;
  /** Where notes (a host trusted on first use) go; stderr by default. */
  notes?: NodeJS.WritableStream;
}

/** Connects to `server`, runs `work`, and ends the connection whatever happens. */
export async function withSession<T>(
  server: string,
  options: SessionOptions,
  work: (client: Client, target: ServerTarget) => Promise<T>,
): Promise<T> {
  const env = options.env ?? process.env;
  const dir = clientConfigDir(env, options.home);
  const servers = serversFile(dir);
  const target = await resolveServer(server, servers);
  const sources = keySources({
    identity: options.identity,
    serverIdentity: target.identity,
    env,
    home: options.home,
  });
  const notes = options.notes ?? process.stderr;
  const client = await connect({
    target,
    sources,
    knownHosts: knownHostsFile(dir),
    serversFile: servers,
    prompt: options.prompt,
    onNote: (text) => notes.write(`note: ${text}\n`),
  });
  try {
    return await work(client, target);
  } finally {
    client.end();
  }
}
