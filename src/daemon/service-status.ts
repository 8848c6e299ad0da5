// `server status`: what runs, which release is live, and how each container is doing.
import type { ServiceStatus } from '../core/results.js';
import type { Engine } from './engine.js';
import { getDeployment } from './state/deployments.js';
import { getRelease } from './state/releases.js';
import { listServices } from './state/services.js';
import { appNetwork } from './deploy/container-options.js';

/** Status of every service, or of those named `service`. */
export async function serviceStatuses(engine: Engine, service?: string): Promise<ServiceStatus[]> {
  const rows = listServices(engine.db).filter(
    (r) => service === undefined || r.service === service,
  );
  return Promise.all(
    rows.map(async (row) => {
      const deployment =
        row.liveDeploymentId === null ? null : getDeployment(engine.db, row.liveDeploymentId);
      const release = deployment ? getRelease(engine.db, row.service, deployment.releaseId) : null;
      const containers = deployment
        ? await engine.runtime.listContainers(
            { service: row.service, env: row.env, deployment: deployment.id },
            appNetwork(engine.config.deploy.network, row.env),
          )
        : [];
      return {
        service: row.service,
        env: row.env,
        state: row.state,
        deployment: deployment?.id ?? null,
        release: deployment?.releaseId ?? null,
        liveSince: deployment?.finishedAt ?? null,
        urls: release?.spec.urls ?? [],
        containers: containers.map((c) => ({
          name: c.name,
          state: c.state,
          ip: c.ip,
          health: c.health,
        })),
      };
    }),
  );
}
