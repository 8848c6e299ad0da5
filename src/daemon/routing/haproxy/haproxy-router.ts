// The HAProxy driver: swaps move traffic through the runtime API (no reload, no connection lost);
// only a change of hosts, paths or backends renders a new config and reloads seamlessly.
import type { Route, Router, Upstream } from '../router.js';
import { retireServers, startDrain, waitUntilIdle } from './drain-servers.js';
import { backendName, serverSpecs } from './haproxy-names.js';
import { writeHaproxyConfig } from './haproxy-config-file.js';
import { haproxyPaths } from './haproxy-paths.js';
import {
  ensureHaproxy,
  haproxyStatus,
  reloadHaproxy,
  type HaproxyOptions,
} from './haproxy-process.js';
import { renderHaproxyConfig } from './render-config.js';
import { stateFor, structureOf } from './render-state.js';
import { findRoute, loadRoutes, saveRoutes, withoutRoute, withRoute } from './route-store.js';
import { runtimeApiAt } from './runtime-api.js';
import { applyServerChanges, confirmServers, planServerChanges } from './sync-servers.js';

/** Where HAProxy listens and where the driver keeps its files. */
export interface HaproxyRouterOptions {
  home: string;
  httpPort: number;
  httpsPort: number;
  /** Directory of `<host>.pem` files; the https frontend exists once it holds one. */
  certsDir: string | null;
  /** Default `*`; tests bind 127.0.0.1. */
  bindAddress?: string;
  /** Bound on waiting for HAProxy to serve a change; default 10 s. */
  confirmTimeoutMs?: number;
  haproxyBin?: string;
  /** Automatic certificates: a crt-list with a default certificate and HTTP-01 answers. */
  acme?: boolean;
  /** Called after every route change, e.g. to wake the certificate keeper. */
  onRoutesChanged?: () => void;
}

/** A Router that drives a local HAProxy in master-worker mode. */
export function createHaproxyRouter(options: HaproxyRouterOptions): Router {
  const paths = haproxyPaths(options.home);
  const timeoutMs = options.confirmTimeoutMs ?? 10_000;
  const proc: HaproxyOptions = { home: options.home, readyTimeoutMs: timeoutMs };
  if (options.haproxyBin) proc.haproxyBin = options.haproxyBin;
  const serial = createSerial();
  const api = runtimeApiAt(paths.runtimeSocket);

  // Renders every stored route and makes HAProxy load it: a start, or a seamless reload.
  const loadConfig = async (routes: Route[]): Promise<string> => {
    const state = await stateFor(routes, options);
    const { started } = await ensureHaproxy({ ...proc, configText: renderHaproxyConfig(state) });
    if (!started) await reloadHaproxy(proc);
    return structureOf(state);
  };

  const apply = async (route: Route): Promise<void> => {
    const stored = await loadRoutes(paths.routes);
    const routes = withRoute(stored.routes, route);
    const backend = backendName(route.service, route.env);
    const desired = serverSpecs(route.upstreams);
    const state = await stateFor(routes, options);
    const structure = structureOf(state);
    const current = (await haproxyStatus(options.home)) ? await api.listServers(backend) : null;
    if (current === null || structure !== stored.structure) {
      await saveRoutes(paths.routes, { routes, structure: await loadConfig(routes) });
    } else {
      await applyServerChanges(api, backend, planServerChanges(current, desired));
      await saveRoutes(paths.routes, { routes, structure });
      // No reload: the file only keeps up, so a restart of HAProxy comes back with these servers.
      await writeHaproxyConfig(options.home, renderHaproxyConfig(state), options.haproxyBin);
    }
    await confirmServers(api, backend, desired, timeoutMs);
  };

  const drain = async (route: Route, upstreams: Upstream[], drainMs: number): Promise<void> => {
    const backend = backendName(route.service, route.env);
    const draining = await serial(async () => {
      if (!(await haproxyStatus(options.home))) return [];
      const names = await notRouted(route, upstreams);
      await startDrain(api, backend, names);
      return names;
    });
    if (draining.length === 0) return;
    const busy = await waitUntilIdle(paths.masterSocket, backend, draining, drainMs);
    await serial(async () => {
      // A rollback may have listed a server again while it drained: it stays.
      const names = await notRouted(route, upstreams);
      await retireServers(
        api,
        backend,
        draining.filter((n) => names.includes(n)),
        busy,
      );
    });
  };

  const remove = async (service: string, env: string): Promise<void> => {
    const stored = await loadRoutes(paths.routes);
    if (!findRoute(stored.routes, service, env)) return;
    const routes = withoutRoute(stored.routes, service, env);
    const running = await haproxyStatus(options.home);
    await saveRoutes(paths.routes, {
      routes,
      structure: running ? await loadConfig(routes) : null,
    });
  };

  // The upstreams of `route` that the stored route no longer lists, as server names.
  const notRouted = async (route: Route, upstreams: Upstream[]): Promise<string[]> => {
    const stored = findRoute((await loadRoutes(paths.routes)).routes, route.service, route.env);
    const listed = new Set(serverSpecs(stored?.upstreams ?? []).map((s) => s.name));
    return serverSpecs(upstreams)
      .map((s) => s.name)
      .filter((n) => !listed.has(n));
  };

  return {
    name: 'haproxy',
    apply: async (route) => {
      await serial(() => apply(route));
      options.onRoutesChanged?.();
    },
    drain,
    remove: async (service, env) => {
      await serial(() => remove(service, env));
      options.onRoutesChanged?.();
    },
  };
}

// One change at a time: a render must never miss a concurrent change to another route.
function createSerial(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
