// Which addresses a live (service, env) should be routed to, from SQLite's record of what is live
// and Docker's current view of the containers: pure, so a restart that reshuffled addresses is
// fixed by computing the routes again, never by trusting the ones the proxy holds.
import type { ServiceSpec } from '../../parse/spec.js';
import { routeFor } from '../deploy/route-for.js';
import type { ContainerInfo } from '../runtime/container-runtime.js';
import type { ServiceState } from '../state/types.js';
import type { Route } from './router.js';

/** What SQLite says serves one (service, env). */
export interface LiveService {
  service: string;
  env: string;
  /** `stopped` after `server stop`: routed to nothing, whatever runs. */
  state: ServiceState;
  deploymentId: number;
  release: { id: string; spec: ServiceSpec };
}

/** The route of `live`: the addresses of its live deployment's running containers, and no others. */
export function planRoute(live: LiveService, containers: readonly ContainerInfo[]): Route {
  const own = containers.filter(
    (c) =>
      c.service === live.service &&
      c.env === live.env &&
      c.deployment === live.deploymentId &&
      c.release === live.release.id &&
      c.state === 'running' &&
      c.ip !== null,
  );
  return routeFor(live.release.spec, live.env, live.state === 'stopped' ? [] : own);
}
