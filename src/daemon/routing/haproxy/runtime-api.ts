// A client for HAProxy's runtime API: the only way traffic moves between servers, so a swap never
// needs a reload. Each helper checks HAProxy's answer and throws ROUTE_FAILED with it when refused.
import { MypaasError } from '../../../core/errors.js';
import {
  parseInfoPid,
  parseServerLoad,
  parseServersState,
  type ServerState,
} from './runtime-output.js';
import { sendCommand } from './socket-command.js';

/** The runtime API of one HAProxy worker. */
export interface RuntimeApi {
  /** Sends one command; resolves with the whole answer. */
  send(command: string): Promise<string>;
  /** Adds a dynamic server (HAProxy 2.6 adds it in maintenance) and enables it. */
  addServer(
    backend: string,
    name: string,
    host: string,
    port: number,
    weight: number,
  ): Promise<void>;
  setServerState(backend: string, name: string, state: 'ready' | 'drain' | 'maint'): Promise<void>;
  setServerWeight(backend: string, name: string, weight: number): Promise<void>;
  /** Kills the sessions still on a server, for a drain that ran out of time. */
  shutdownSessions(backend: string, name: string): Promise<void>;
  /** Deletes a server in maintenance with no sessions; a server already gone counts as deleted. */
  deleteServer(backend: string, name: string): Promise<void>;
  /** Sessions plus queued requests on a server; 0 when this worker does not have it. */
  serverSessions(backend: string, name: string): Promise<number>;
  /** The servers of a backend; null when this worker has no such backend. */
  listServers(backend: string): Promise<ServerState[] | null>;
  /** The pid of the worker answering. */
  workerPid(): Promise<number>;
}

/** The runtime API behind the `stats socket` at `socketPath`. */
export function runtimeApiAt(socketPath: string): RuntimeApi {
  return createRuntimeApi((command) => sendCommand(socketPath, command));
}

/** The runtime API over any transport, e.g. the master CLI's `@!<pid>` prefix for old workers. */
export function createRuntimeApi(send: (command: string) => Promise<string>): RuntimeApi {
  const expect = async (command: string, ok: (answer: string) => boolean): Promise<void> => {
    const answer = (await send(command)).trim();
    if (!ok(answer)) {
      throw new MypaasError('ROUTE_FAILED', `HAProxy refused "${command}": ${answer}`);
    }
  };
  const empty = (answer: string): boolean => answer === '';
  return {
    send,
    async addServer(backend, name, host, port, weight) {
      await expect(`add server ${backend}/${name} ${host}:${port} weight ${weight}`, (a) =>
        a.startsWith('New server registered'),
      );
      await expect(`enable server ${backend}/${name}`, empty);
    },
    async setServerState(backend, name, state) {
      await expect(`set server ${backend}/${name} state ${state}`, empty);
    },
    async setServerWeight(backend, name, weight) {
      await expect(`set server ${backend}/${name} weight ${weight}`, empty);
    },
    async shutdownSessions(backend, name) {
      await expect(`shutdown sessions server ${backend}/${name}`, (a) => empty(a) || missing(a));
    },
    async deleteServer(backend, name) {
      await expect(`del server ${backend}/${name}`, (a) => a === 'Server deleted.' || missing(a));
    },
    async serverSessions(backend, name) {
      return parseServerLoad(await send(`show stat ${backend} 4 -1`), name) ?? 0;
    },
    async listServers(backend) {
      return parseServersState(await send(`show servers state ${backend}`));
    },
    async workerPid() {
      const answer = await send('show info');
      const pid = parseInfoPid(answer);
      if (pid === null) {
        throw new MypaasError('PROXY_UNAVAILABLE', `HAProxy's "show info" has no Pid: ${answer}`);
      }
      return pid;
    },
  };
}

function missing(answer: string): boolean {
  return answer === 'No such server.' || answer === 'No such backend.';
}
