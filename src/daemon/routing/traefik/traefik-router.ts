// The Traefik driver: one file per (service, env) in the directory Traefik watches, each change
// confirmed through Traefik's API before the deploy engine moves on.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MypaasError } from '../../../core/errors.js';
import type { Route, Router, Upstream } from '../router.js';
import {
  dynamicFileName,
  renderTraefikRouteToml,
  renderTraefikSharedToml,
  SHARED_FILE_NAME,
  traefikServiceName,
} from './render-dynamic.js';
import { describeView, waitForService, type ServiceView } from './traefik-api.js';
import { writeFileAtomic } from '../../../core/write-file-atomic.js';

/** Where the driver writes and where it asks Traefik what it serves. */
export interface TraefikRouterOptions {
  /** The host directory mounted as Traefik's file-provider directory. */
  dynamicDir: string;
  /** `http://127.0.0.1:<api_port>` */
  apiUrl: string;
  /** How long Traefik gets to show a change before it counts as failed. */
  confirmTimeoutMs?: number;
  pollMs?: number;
  /** The public HTTPS port, for the http→https redirect. */
  httpsPort?: number;
}

const HINT = 'See what Traefik says with `docker logs mypaas-traefik`.';

/** A Router that drives Traefik through its file provider and confirms through its API. */
export function createTraefikRouter(options: TraefikRouterOptions): Router {
  const { dynamicDir, apiUrl, confirmTimeoutMs = 10_000, pollMs = 100, httpsPort = 443 } = options;
  const poll = { timeoutMs: confirmTimeoutMs, pollMs };
  return {
    name: 'traefik',
    async apply(route: Route): Promise<void> {
      const name = traefikServiceName(route.service, route.env);
      const file = dynamicFileName(route.service, route.env);
      await writeOrFail(join(dynamicDir, SHARED_FILE_NAME), renderTraefikSharedToml(httpsPort));
      await writeOrFail(join(dynamicDir, file), renderTraefikRouteToml(route));
      const want = route.upstreams.map((u) => u.url).sort();
      const shows = (view: ServiceView): boolean =>
        view.found === true && view.status !== 'disabled' && sameUrls(view.servers, want);
      const { ok, last } = await waitForService(apiUrl, name, shows, poll);
      if (ok) return;
      const expected = want.length === 0 ? 'no servers' : want.join(', ');
      throw new MypaasError(
        'ROUTE_FAILED',
        `Traefik did not take up ${route.service} (${route.env}) within ${confirmTimeoutMs} ms: ` +
          `expected ${expected}, it shows ${describeView(last)}; ` +
          'it keeps serving what it shows, so the old containers keep serving',
        { hint: HINT },
      );
    },
    async drain(_route: Route, _upstreams: Upstream[], timeoutMs: number): Promise<void> {
      // Traefik reports no in-flight count per server: the whole timeout is the grace period.
      await sleep(Math.max(0, timeoutMs));
    },
    async remove(service: string, env: string): Promise<void> {
      const name = traefikServiceName(service, env);
      const path = join(dynamicDir, dynamicFileName(service, env));
      await rm(path, { force: true }).catch((err: unknown) => {
        throw new MypaasError('ROUTE_FAILED', `cannot delete ${path}: ${String(err)}`, {
          cause: err,
        });
      });
      const { ok, last } = await waitForService(apiUrl, name, (v) => v.found === false, poll);
      if (ok) return;
      throw new MypaasError(
        'ROUTE_FAILED',
        `Traefik still knows ${service} (${env}) ${confirmTimeoutMs} ms after ${path} was ` +
          `deleted: it shows ${describeView(last)}`,
        { hint: HINT },
      );
    },
  };
}

// Rewrites only when the text differs, so an unchanged file never makes Traefik reload.
async function writeOrFail(path: string, text: string): Promise<void> {
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === text) return;
  try {
    await writeFileAtomic(path, text);
  } catch (err) {
    throw new MypaasError('ROUTE_FAILED', `cannot write ${path}: ${String(err)}`, {
      cause: err,
      hint: '`mypaas server init` creates the proxy directories; run it again if they are gone.',
    });
  }
}

function sameUrls(shown: string[], sortedWant: string[]): boolean {
  const sorted = [...shown].sort();
  return sorted.length === sortedWant.length && sorted.every((url, i) => url === sortedWant[i]);
}
