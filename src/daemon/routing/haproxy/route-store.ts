// The driver's memory of every route, kept on disk so that each render (and so each reload)
// includes every service's current servers, across daemon restarts too.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MypaasError } from '../../../core/errors.js';
import type { Route } from '../router.js';
import { writeFileAtomic } from '../../../core/write-file-atomic.js';

/** What routes.json holds. */
export interface StoredRoutes {
  routes: Route[];
  /** Digest of the config structure HAProxy last loaded (servers left out); null before any. */
  structure: string | null;
}

/** Reads routes.json; an absent file is an empty store. */
export async function loadRoutes(path: string): Promise<StoredRoutes> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { routes: [], structure: null };
    throw new MypaasError('ROUTE_FAILED', `cannot read ${path}`, { cause: err });
  }
  try {
    const data = JSON.parse(text) as Partial<StoredRoutes>;
    return { routes: data.routes ?? [], structure: data.structure ?? null };
  } catch (cause) {
    throw new MypaasError('ROUTE_FAILED', `${path} is not valid JSON`, {
      cause,
      hint: 'deploy each service again to rebuild it, after moving the broken file away',
    });
  }
}

/** Replaces routes.json atomically. */
export async function saveRoutes(path: string, stored: StoredRoutes): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
}

/** The routes with (service, env) set to `route` (added, or replaced in place). */
export function withRoute(routes: readonly Route[], route: Route): Route[] {
  const copy = {
    ...route,
    urls: [...route.urls],
    upstreams: route.upstreams.map((u) => ({ ...u })),
  };
  const index = routes.findIndex((r) => sameKey(r, route));
  return index === -1 ? [...routes, copy] : routes.map((r, i) => (i === index ? copy : r));
}

/** The routes without (service, env). */
export function withoutRoute(routes: readonly Route[], service: string, env: string): Route[] {
  return routes.filter((r) => !sameKey(r, { service, env }));
}

/** The stored route of (service, env), if any. */
export function findRoute(
  routes: readonly Route[],
  service: string,
  env: string,
): Route | undefined {
  return routes.find((r) => sameKey(r, { service, env }));
}

function sameKey(a: Pick<Route, 'service' | 'env'>, b: Pick<Route, 'service' | 'env'>): boolean {
  return a.service === b.service && a.env === b.env;
}
