// Keeps connections that have not logged in cheap: at most so many from one address and in all,
// each destroyed when its login time is up. As OpenSSH's MaxStartups and LoginGraceTime.
import type { Socket } from 'node:net';

/** The [daemon] limits on connections that have not logged in yet. */
export interface LoginLimits {
  loginTimeoutMs: number;
  maxUnauthenticated: number;
  maxUnauthenticatedPerAddress: number;
}

/** Tracks sockets from accept to login. */
export interface LoginGate {
  /** Lets a new socket in (true) or destroys it at once (false). */
  admit(socket: Socket): boolean;
  /** The socket logged in: it no longer counts, and its login timer stops. */
  loggedIn(socket: Socket): void;
  /** Destroys every socket still waiting to log in (the daemon is stopping). */
  closeAll(): void;
  readonly waiting: number;
}

/** A gate with nothing waiting; `log` hears when a limit starts turning connections away. */
export function loginGate(limits: LoginLimits, log: (text: string) => void): LoginGate {
  const waiting = new Map<Socket, { address: string; timer: NodeJS.Timeout }>();
  const perAddress = new Map<string, number>();
  let full = false; // logged once each time the gate fills, not once per connection turned away
  const release = (socket: Socket) => {
    const entry = waiting.get(socket);
    if (!entry) return;
    clearTimeout(entry.timer);
    waiting.delete(socket);
    const left = (perAddress.get(entry.address) ?? 1) - 1;
    if (left > 0) perAddress.set(entry.address, left);
    else perAddress.delete(entry.address);
  };
  return {
    admit: (socket) => {
      const address = socket.remoteAddress ?? 'unknown';
      const fromThere = perAddress.get(address) ?? 0;
      const limit =
        waiting.size >= limits.maxUnauthenticated
          ? `${limits.maxUnauthenticated} connections are not logged in yet (max_unauthenticated)`
          : fromThere >= limits.maxUnauthenticatedPerAddress
            ? `${fromThere} connections from ${address} are not logged in yet (max_unauthenticated_per_address)`
            : null;
      if (limit !== null) {
        if (!full) log(`closing new connections at once: ${limit}`);
        full = true;
        socket.destroy();
        return false;
      }
      full = false;
      // destroy, not end: a client that never reads or closes would keep a half-closed socket.
      const timer = setTimeout(() => socket.destroy(), limits.loginTimeoutMs);
      waiting.set(socket, { address, timer });
      perAddress.set(address, fromThere + 1);
      socket.once('close', () => release(socket));
      return true;
    },
    loggedIn: release,
    closeAll: () => [...waiting.keys()].forEach((socket) => socket.destroy()),
    get waiting() {
      return waiting.size;
    },
  };
}
