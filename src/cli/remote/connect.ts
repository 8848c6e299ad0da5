// Opens the SSH connection to a mypaas daemon: host key checked against known_hosts, keys offered in order.
import type { AuthHandlerMiddleware, Client } from 'ssh2';
import { MypaasError } from '../../core/errors.js';
import { connectError, hostKeyChangedError } from './connect-errors.js';
import {
  describeSource,
  loadPrivateKey,
  type KeySource,
  type PassphrasePrompt,
} from './identity.js';
import { checkHostKey, fingerprint, hostPattern, keyType, trustHostKey } from './known-hosts.js';
import type { ServerTarget } from './server-address.js';

/** What a connection needs; everything that touches the person (prompt, notes) is passed in. */
export interface ConnectOptions {
  target: ServerTarget;
  sources: KeySource[];
  knownHosts: string;
  /** Named in the hint when the host name does not resolve. */
  serversFile: string;
  prompt?: PassphrasePrompt;
  /** Told when a host key is trusted for the first time. */
  onNote?: (text: string) => void;
  readyTimeoutMs?: number;
}

/** Resolves with a ready ssh2 Client, or rejects with SSH_FAILED, AUTH_FAILED, HOST_KEY_CHANGED… */
export async function connect(options: ConnectOptions): Promise<Client> {
  const { Client } = (await import('ssh2')).default;
  const { target, sources } = options;
  const client = new Client();
  let failure: MypaasError | undefined;
  const tried: string[] = [];
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: MypaasError) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(err);
    };
    client.once('ready', () => {
      settled = true;
      resolve(client);
    });
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      // A broken agent only means its keys are skipped; the key files are still tried.
      if (err.level === 'agent') return;
      fail(failure ?? connectError(err, target, tried, options.serversFile));
    });
    client.on('close', () =>
      fail(
        failure ??
          new MypaasError(
            'SSH_FAILED',
            `${target.host}:${target.port} closed the connection during the handshake`,
          ),
      ),
    );
    let index = 0;
    // ssh2 asks for one method at a time; `false` (untyped in @types/ssh2) means none is left.
    const authHandler: AuthHandlerMiddleware = (methodsLeft, partial, next) => {
      const source = sources[index++];
      if (!source || (Array.isArray(methodsLeft) && !methodsLeft.includes('publickey')))
        return next(false as never);
      if (source.kind === 'agent') {
        tried.push(describeSource(source));
        return next({ type: 'agent', username: target.user, agent: source.socket });
      }
      loadPrivateKey(source.path, options.prompt).then(
        (key) => {
          tried.push(describeSource(source));
          next({ type: 'publickey', username: target.user, key });
        },
        (err: MypaasError) => {
          // Kept for the report in case no other key works: it may be the one the host expects.
          failure ??= err;
          authHandler(methodsLeft, partial, next);
        },
      );
    };
    client.connect({
      host: target.host,
      port: target.port,
      username: target.user,
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      keepaliveInterval: 15_000,
      authHandler,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        verifyHost(options, key).then(
          () => verify(true),
          (err: unknown) => {
            failure =
              err instanceof MypaasError
                ? err
                : new MypaasError('SSH_FAILED', `cannot check the host key: ${String(err)}`, {
                    cause: err,
                  });
            verify(false);
          },
        );
      },
    });
    // Without it every authentication round trip waits on a delayed ACK (~40-90 ms each).
    client.setNoDelay(true);
  });
}

async function verifyHost(options: ConnectOptions, key: Buffer): Promise<void> {
  const { target, knownHosts } = options;
  const status = await checkHostKey(knownHosts, target.host, target.port, key);
  if (status.kind === 'trusted') return;
  if (status.kind === 'changed') throw hostKeyChangedError(knownHosts, target, key, status.known);
  await trustHostKey(knownHosts, target.host, target.port, key);
  options.onNote?.(
    `trusting ${hostPattern(target.host, target.port)} on first use: ${keyType(key)} key ${fingerprint(key)} (saved in ${knownHosts})`,
  );
}
