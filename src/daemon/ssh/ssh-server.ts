// The daemon's SSH server (ssh2): public-key login against the keys table, sessions for exec only,
// every kind of forwarding refused. Sockets are accepted here and handed to ssh2, so connections
// that never log in are counted and cut off from their first byte (login-gate).
import { createServer, type AddressInfo, type Socket } from 'node:net';
import ssh2, { type Connection, type PublicKeyAuthContext, type Session } from 'ssh2';
import { MypaasError } from '../../core/errors.js';
import { publicKeyLine } from '../../core/ssh-keys.js';
import type { KeyRecord } from '../state/keys.js';
import { loginGate, type LoginLimits } from './login-gate.js';
import { serveSession, type ChannelIo } from './session.js';

/** Rejected logins after which a connection is dropped. */
const MAX_AUTH_FAILURES = 10;
/** How long a peer has to close its side once the daemon closed its own, before it is destroyed. */
const CLOSE_GRACE_MS = 5_000;

/** What the server needs from the daemon. */
export interface SshServerOptions {
  hostKey: Buffer;
  host: string;
  port: number;
  limits: LoginLimits;
  /** The stored key whose blob a client presents, or null. */
  lookupKey(blob: Buffer): KeyRecord | null;
  /** Runs an exec string for the key with `fingerprint`, finishing the channel through `io`. */
  exec(line: string, fingerprint: string, io: ChannelIo): Promise<unknown>;
  shellMessage: () => string;
  log: (text: string) => void;
}

/** A listening server. */
export interface SshServer {
  host: string;
  port: number;
  /** Stops listening; resolves once every connection has closed (see `disconnectAll`). */
  stopListening(): Promise<void>;
  /** Says goodbye to every client; those that do not close are destroyed after a grace. */
  disconnectAll(): void;
  /** Connections open, and those among them not logged in yet. */
  readonly connections: { open: number; unauthenticated: number };
}

/** Starts listening on host:port (port 0: any free port). */
export async function startSshServer(options: SshServerOptions): Promise<SshServer> {
  const connections = new Set<Connection>();
  const sockets = new Set<Socket>();
  const byPeer = new Map<string, Socket>(); // ssh2 tells a connection's peer, not its socket
  const gate = loginGate(options.limits, options.log);
  const server = new ssh2.Server(
    { hostKeys: [options.hostKey], keepaliveInterval: 15_000, keepaliveCountMax: 4 },
    (client, info) => {
      connections.add(client);
      const socket = byPeer.get(peer(info.ip, info.port));
      // Without it every login round trip waits for a delayed ACK (~200 ms per command).
      socket?.setNoDelay(true);
      const from = `${info.ip}:${info.port}`;
      const fingerprint = authenticate(client, from, options);
      // Every command on this connection hears when it goes, whatever its channel does.
      const gone = new AbortController();
      client.on('close', () => {
        connections.delete(client);
        gone.abort();
      });
      client.on('end', () => gone.abort());
      client.on('error', (err) => options.log(`connection from ${from}: ${err.message}`));
      client.on('tcpip', (_accept, reject) => reject());
      client.on('openssh.streamlocal', (_accept, reject) => reject());
      client.on('request', (_accept, reject) => reject?.());
      client.on('ready', () => {
        if (socket) gate.loggedIn(socket);
        const who = fingerprint() as string;
        client.on('session', (accept) => {
          const session = accept() as Session | undefined; // undefined once the client is gone
          if (!session) return;
          serveSession(session, gone.signal, {
            exec: (line, io) => options.exec(line, who, io),
            shellMessage: options.shellMessage,
            log: (text) => options.log(`${from}: ${text}`),
          });
        });
      });
    },
  );
  const tcp = createServer((socket) => {
    if (!gate.admit(socket)) return;
    const key = peer(socket.remoteAddress, socket.remotePort);
    sockets.add(socket);
    byPeer.set(key, socket);
    socket.on('error', () => {}); // ssh2 reports it on the connection
    socket.once('close', () => {
      sockets.delete(socket);
      if (byPeer.get(key) === socket) byPeer.delete(key);
    });
    // Once our side is closed, a peer that keeps its own open holds a descriptor for nothing.
    socket.once('finish', () => setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref());
    server.injectSocket(socket);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', (err: Error) =>
      reject(
        new MypaasError(
          'SSH_FAILED',
          `cannot listen on ${options.host}:${options.port}: ${err.message}`,
          {
            hint: 'choose another [daemon] ssh_listen in config.toml, or stop what uses the port',
            cause: err,
          },
        ),
      ),
    );
    tcp.listen(options.port, options.host, () => resolve());
  });
  tcp.on('error', (err: Error) => options.log(`ssh server: ${err.message}`));
  const address = tcp.address() as AddressInfo;
  return {
    host: address.address,
    port: address.port,
    stopListening: () => new Promise((resolve) => tcp.close(() => resolve())),
    disconnectAll: () => {
      gate.closeAll();
      connections.forEach((c) => c.end());
    },
    get connections() {
      return { open: sockets.size, unauthenticated: gate.waiting };
    },
  };
}

function peer(ip: string | undefined, port: number | undefined): string {
  return `${ip ?? ''}|${port ?? ''}`;
}

// Public key only: the presented blob must be a stored key, and the signature must verify.
// Returns a getter for the fingerprint the client logged in with (null until then).
function authenticate(client: Connection, from: string, options: SshServerOptions) {
  let loggedIn: string | null = null;
  let failures = 0;
  client.on('authentication', (ctx) => {
    const key = ctx.method === 'publickey' ? lookup(options, ctx.key.data) : null;
    if (ctx.method === 'publickey' && key && !ctx.signature) return ctx.accept();
    if (ctx.method === 'publickey' && key && verified(ctx, key)) {
      loggedIn = key.fingerprint;
      options.log(`${from}: ${ctx.username} logged in with key ${key.name} (${key.fingerprint})`);
      return ctx.accept();
    }
    if (ctx.method === 'publickey') {
      failures += 1;
      options.log(
        `${from}: refused key for ${ctx.username}: ${key ? 'bad signature' : 'unknown key'}`,
      );
    }
    ctx.reject(['publickey']);
    if (failures >= MAX_AUTH_FAILURES) client.end();
  });
  return () => loggedIn;
}

// A state database that fails (e.g. closed while stopping) refuses the login, never crashes.
function lookup(options: SshServerOptions, blob: Buffer): KeyRecord | null {
  try {
    return options.lookupKey(blob);
  } catch (err) {
    options.log(`key lookup failed: ${String(err)}`);
    return null;
  }
}

function verified(ctx: PublicKeyAuthContext, key: KeyRecord): boolean {
  const parsed = ssh2.utils.parseKey(publicKeyLine(key));
  if (parsed instanceof Error || !ctx.signature || !ctx.blob) return false;
  // verify() returns an Error (truthy) when the signature cannot even be checked: only true passes.
  return parsed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true;
}
