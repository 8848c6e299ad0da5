// The daemon: one engine, kept open; interrupted deploys recovered first and routes put back on the
// containers' current addresses; then the SSH server, and routes that follow Docker's events.
// Stopping refuses new changes, lets running ones finish (bounded) and closes every connection.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MypaasError } from '../core/errors.js';
import { configLogLines } from './config-notices.js';
import type { DeployOutput } from './deploy/deploy-output.js';
import { recoverAll } from './deploy/recover.js';
import type { CertificateKeeper } from './certificates/cert-keeper.js';
import type { Engine } from './engine.js';
import { reconcileAllRoutes } from './routing/reconcile-routes.js';
import { followRoutes } from './routing/route-follower.js';
import { findKey, findKeyByBlob } from './state/keys.js';
import { buildSlots } from './ssh/build-slots.js';
import { changeTracker } from './ssh/change-tracker.js';
import { allowedLines, commandTable } from './ssh/command-table.js';
import { dispatch, type DispatchDeps } from './ssh/dispatch.js';
import { loadOrCreateHostKey } from './ssh/host-key.js';
import { startSshServer } from './ssh/ssh-server.js';
import { uploadLimits } from './ssh/upload-limits.js';

/** How long a stopping daemon waits for running deploys by default. */
export const STOP_GRACE_MS = 5 * 60_000;

/** How long the route follower waits after a container's last event, and before reconnecting. */
const FOLLOW_TIMING = { debounceMs: 250, retryMs: 2_000 };

/** What the daemon runs with. */
export interface DaemonOptions {
  engine: Engine;
  /** host:port, overriding [daemon] ssh_listen. */
  listen?: string;
  log: (text: string) => void;
}

/** A serving daemon. */
export interface RunningDaemon {
  host: string;
  port: number;
  /** Refuses new changes, waits up to `graceMs` for running ones, then ends every command still
   * running (log followers too) and disconnects everyone. */
  stop(graceMs?: number): Promise<{ finished: boolean; inFlight: number }>;
  /** Commands running now (a `logs -f` counts until its Docker stream is closed). */
  readonly running: number;
  /** Connections open, and those among them not logged in yet. */
  readonly connections: { open: number; unauthenticated: number };
}

/** Recovers, loads the host key, cleans stale work dirs and starts serving SSH. */
export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  const { engine, log } = options;
  await recoverAll(engine, logOutput(log));
  // Containers may have come back on other addresses (a reboot, a Docker restart): SQLite says
  // what is live, Docker where it is now; before the proxy serves the stored routes.
  await reconcileAllRoutes(engine, logOutput(log));
  if (engine.config.proxy.driver === 'haproxy') {
    // After a reboot nothing else starts the HAProxy that mypaas runs; serve the stored routes.
    const { startHaproxyFromStore } = await import('./routing/haproxy/start-from-store.js');
    if (await startHaproxyFromStore(engine.home, engine.config.proxy)) log('started HAProxy');
  }
  const certificates = await startCertificates(engine, log);
  const workRoot = join(engine.home, 'work');
  await cleanWorkRoot(workRoot);
  const hostKey = await loadOrCreateHostKey(engine.home, (text) => log(`warning: ${text}`));
  const table = commandTable();
  const changes = changeTracker();
  // Read once: these keys are marked restart-only in the schema; the rest is read per command.
  const { daemon: config } = engine.config;
  const deps: DispatchDeps = {
    engine,
    changes,
    table,
    daemon: {
      workRoot,
      get uploadLimits() {
        return uploadLimits(engine.config.daemon);
      },
      buildSlots: buildSlots(config.maxParallelBuilds),
    },
    logBug: (err) =>
      log(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
    refreshConfig: async () => {
      const state = await engine.reloadConfig();
      for (const line of configLogLines(state)) log(line);
      return state;
    },
  };
  // Aborted at stop, so no command outlives the daemon (a follower would never end by itself).
  const stopping = new AbortController();
  let running = 0;
  const follower = followRoutes(engine, { ...FOLLOW_TIMING, log });
  // The follower is stopped again when the server cannot start, so no event stream is left open.
  const server = await startSshServer({
    ...parseListen(options.listen ?? config.sshListen),
    hostKey,
    limits: config,
    lookupKey: (blob) => findKeyByBlob(engine.db, blob),
    exec: async (line, fingerprint, io) => {
      const started = Date.now();
      const signal = AbortSignal.any([io.signal, stopping.signal]);
      running += 1;
      const status = await dispatch(deps, { line, fingerprint, ...io, signal }).finally(
        () => (running -= 1),
      );
      const who = findKey(engine.db, fingerprint)?.name ?? fingerprint;
      // Only the first words: the rest may be env values, which are secrets.
      const command = line.trim().split(/\s+/).slice(0, 2).join(' ').slice(0, 80);
      log(`${who}: ${command} … → exit ${status} in ${Date.now() - started} ms`);
      return status;
    },
    shellMessage: () =>
      ['This host runs mypaas: there is no shell here.', ...allowedLines(table), ''].join('\n'),
    log,
  }).catch(async (err: unknown) => {
    await follower.stop();
    await certificates?.stop();
    throw err;
  });
  return {
    host: server.host,
    port: server.port,
    stop: async (graceMs = STOP_GRACE_MS) => {
      const finished = await changes.drain(graceMs);
      const { inFlight } = changes;
      stopping.abort();
      server.disconnectAll();
      await server.stopListening();
      await follower.stop();
      await certificates?.stop();
      return { finished, inFlight };
    },
    get running() {
      return running;
    },
    get connections() {
      return server.connections;
    },
  };
}

// HAProxy's certificates are ordered by the daemon (Traefik orders its own); woken by route changes.
async function startCertificates(
  engine: Engine,
  log: (text: string) => void,
): Promise<CertificateKeeper | undefined> {
  if (engine.config.proxy.driver !== 'haproxy') return undefined;
  const { startHaproxyCertificates } = await import('./certificates/haproxy-certificates.js');
  const keeper = startHaproxyCertificates(engine, log);
  engine.routeEvents?.addEventListener('change', () => keeper.wake());
  return keeper;
}

/** `host:port` or `[v6]:port` → its parts. */
export function parseListen(listen: string): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?:(\d{1,5})$/.exec(listen);
  if (!match || Number(match[2]) > 65535) {
    throw new MypaasError('CONFIG_INVALID', `${JSON.stringify(listen)} is not host:port`, {
      hint: 'e.g. 0.0.0.0:2222, or 127.0.0.1:0 for any free port',
    });
  }
  return { host: match[1] as string, port: Number(match[2]) };
}

// Work dirs of a daemon that died mid-upload; nothing else lives there.
async function cleanWorkRoot(workRoot: string): Promise<void> {
  await mkdir(workRoot, { recursive: true, mode: 0o700 });
  for (const name of await readdir(workRoot)) {
    await rm(join(workRoot, name), { recursive: true, force: true });
  }
}

function logOutput(log: (text: string) => void): DeployOutput {
  return { step: log, build: log, warn: (text) => log(`warning: ${text}`) };
}
