// Which private keys the CLI offers, in order: --identity, MYPAAS_IDENTITY, servers.toml, ssh-agent, ~/.ssh.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ParsedKey } from 'ssh2';
import { expandHome } from '../../config/home.js';
import { MypaasError } from '../../core/errors.js';

/** A place a key comes from: the ssh-agent behind a socket, or a private key file. */
export type KeySource = { kind: 'agent'; socket: string } | { kind: 'file'; path: string };

/** Asks the person at the terminal for a key's passphrase; tests pass their own. */
export type PassphrasePrompt = (question: string) => Promise<string>;

/** Where keys are looked for; every field defaults to this process's. */
export interface KeyDiscovery {
  /** `--identity FILE`. */
  identity?: string;
  /** The key servers.toml names for the server, used when no flag or env var says otherwise. */
  serverIdentity?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];
const TRIES = 3;

/** The keys to offer, best first; an explicit key (flag, env var, servers.toml) is the only one offered. */
export function keySources(options: KeyDiscovery = {}): KeySource[] {
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  const explicit =
    options.identity ?? (env.MYPAAS_IDENTITY?.trim() || undefined) ?? options.serverIdentity;
  if (explicit) return [{ kind: 'file', path: resolve(expandHome(explicit, home)) }];
  const sources: KeySource[] = [];
  const socket = env.SSH_AUTH_SOCK?.trim();
  if (socket) sources.push({ kind: 'agent', socket });
  for (const name of DEFAULT_KEYS) {
    const path = join(home, '.ssh', name);
    if (existsSync(path)) sources.push({ kind: 'file', path });
  }
  if (sources.length === 0) {
    throw new MypaasError(
      'KEY_NOT_FOUND',
      'no SSH key found: no ssh-agent and none of ~/.ssh/id_ed25519, id_ecdsa, id_rsa',
      {
        hint: 'create one with: ssh-keygen -t ed25519 — or point to one with --identity FILE or MYPAAS_IDENTITY',
      },
    );
  }
  return sources;
}

/** How a source reads in messages: `ssh-agent ($SSH_AUTH_SOCK)` or the key file's path. */
export function describeSource(source: KeySource): string {
  return source.kind === 'agent' ? `ssh-agent (${source.socket})` : source.path;
}

/** Loads a private key file, asking for its passphrase (up to 3 times) when it is encrypted. */
export async function loadPrivateKey(path: string, prompt?: PassphrasePrompt): Promise<ParsedKey> {
  const { utils } = (await import('ssh2')).default;
  const data = await readFile(path).catch((cause: unknown) => {
    throw new MypaasError(
      'KEY_NOT_FOUND',
      `cannot read the SSH key ${path} (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`,
      {
        hint: 'check the path given with --identity, MYPAAS_IDENTITY or identity = in servers.toml',
        cause,
      },
    );
  });
  let parsed = utils.parseKey(data);
  for (
    let attempt = 1;
    parsed instanceof Error && /no passphrase given|bad passphrase/i.test(parsed.message);
    attempt++
  ) {
    if (!prompt) {
      throw new MypaasError(
        'AUTH_FAILED',
        `the SSH key ${path} is encrypted and there is no terminal to ask for its passphrase`,
        {
          hint: `add it to your ssh-agent once (ssh-add ${path}) so mypaas can use it unattended, or run mypaas from a terminal`,
        },
      );
    }
    if (attempt > TRIES) {
      throw new MypaasError('AUTH_FAILED', `wrong passphrase for ${path} (${TRIES} tries)`, {
        hint: `check it with: ssh-keygen -y -f ${path}`,
      });
    }
    const retry = attempt > 1 ? 'wrong passphrase, try again. ' : '';
    parsed = utils.parseKey(data, await prompt(`${retry}Passphrase for ${path}: `));
  }
  const key = Array.isArray(parsed) ? (parsed as ParsedKey[])[0] : parsed;
  if (key instanceof Error || !key?.isPrivateKey()) {
    const why = key instanceof Error ? key.message : 'it holds no private key';
    throw new MypaasError('KEY_INVALID', `${path} is not a private key mypaas can use (${why})`, {
      hint: 'give an OpenSSH or PEM private key such as ~/.ssh/id_ed25519 (not the .pub file)',
    });
  }
  return key;
}
