// The last check before any proxy change, whoever asks for it (deploy, rollback, stop, start,
// crash recovery, reconcile): a route only carries urls its (service, env) may serve and only
// addresses of its own running containers, never a stranger's.
import type Database from 'better-sqlite3';
import type { Config } from '../../config/schema.js';
import { MypaasError } from '../../core/errors.js';
import { appNetwork } from '../deploy/container-options.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { liveUrlClaims } from './live-claims.js';
import type { Route, Router } from './router.js';
import { allowedUrls, describeRefusal, findUrlRefusals } from './url-claims.js';

/** What the guard asks about a route before it reaches the proxy. */
export interface RouteGuard {
  /** The urls of `route` that its (service, env) may serve now; each other one is warned about. */
  allowedUrls(route: Route): string[];
  /** Addresses of the running containers a deployment of (service, env) made. */
  addresses(service: string, env: string): Promise<ReadonlySet<string>>;
}

/** `router` with every `apply` checked by `guard`; drain and remove pass through. */
export function guardedRouter(router: Router, guard: RouteGuard): Router {
  return {
    name: router.name,
    apply: async (route) => {
      const urls = guard.allowedUrls(route);
      if (route.upstreams.length > 0) {
        const own = await guard.addresses(route.service, route.env);
        const strangers = route.upstreams.filter((u) => !own.has(upstreamAddress(u.url)));
        if (strangers.length > 0) {
          throw new MypaasError(
            'ROUTE_FAILED',
            `refused to route ${route.service} (${route.env}) to addresses that are not its running containers`,
            {
              details: strangers.map((u) => u.url),
              hint: 'a container was restarted meanwhile; the next reconcile routes its new address',
            },
          );
        }
      }
      await router.apply({ ...route, urls });
    },
    drain: (route, upstreams, timeoutMs) => router.drain(route, upstreams, timeoutMs),
    remove: (service, env) => router.remove(service, env),
  };
}

/** The guard of one host: url claims from SQLite and config.toml as it is now, addresses from
 * Docker. */
export function stateGuard(
  db: Database.Database,
  current: () => Config,
  runtime: ContainerRuntime,
  warn: (text: string) => void,
): RouteGuard {
  return {
    allowedUrls: (route) => {
      const claims = liveUrlClaims(db);
      const shared = current().routing.sharedHosts;
      const candidate = { service: route.service, env: route.env, urls: route.urls };
      for (const refusal of findUrlRefusals(claims, candidate, shared)) {
        warn(`not routing ${describeRefusal(refusal)}`);
      }
      return allowedUrls(claims, candidate, shared);
    },
    addresses: async (service, env) => {
      const containers = await runtime.listContainers(
        { service, env, all: false },
        appNetwork(current().deploy.network, env),
      );
      return new Set(
        containers.filter((c) => c.state === 'running' && c.ip !== null).map((c) => c.ip ?? ''),
      );
    },
  };
}

/** The IP (or name) of an upstream `http://IP:PORT`. */
export function upstreamAddress(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return '';
  }
}
