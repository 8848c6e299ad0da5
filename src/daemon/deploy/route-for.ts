// The route of a service's containers: its urls and each container's address on the network.
import type { ServiceSpec } from '../../parse/spec.js';
import type { ContainerInfo } from '../runtime/container-runtime.js';
import type { Route } from '../routing/router.js';

/** The route that sends (service, env) traffic to exactly `containers`. */
export function routeFor(spec: ServiceSpec, env: string, containers: ContainerInfo[]): Route {
  return {
    service: spec.service,
    env,
    urls: spec.urls,
    upstreams: containers
      .filter((c) => c.ip !== null)
      .map((c) => ({ url: `http://${c.ip}:${spec.port}`, weight: 1 })),
  };
}
