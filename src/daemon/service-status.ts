// `server status`: what runs, which release is live, how each container is doing, and for a
// service that is not live (yet), how its last deployment ended.
import { isMypaasError } from '../core/errors.js';
import type {
  CertificateStatus,
  ContainerStatus,
  ServiceState,
  ServiceStatus,
} from '../core/results.js';
import { httpsHosts } from './certificates/https-hosts.js';
import type { Engine } from './engine.js';
import { unknownService, type KnownServiceOptions } from './known-service.js';
import { getDeployment, listDeployments } from './state/deployments.js';
import { getRelease } from './state/releases.js';
import { listServices } from './state/services.js';
import type { Deployment, ServiceRow } from './state/types.js';
import { appNetwork } from './deploy/container-options.js';

/** What status reports to besides its result, and whom it may name. */
export interface StatusOptions extends KnownServiceOptions {
  /** Told once when Docker is not reachable (the containers are then unknown). */
  warn?: (text: string) => void;
}

/** Status of every service, or of `service` in each of its environments (SERVICE_NOT_FOUND when
 * the host has none of that name). Reads SQLite; asks Docker only for the live containers. */
export async function serviceStatuses(
  engine: Engine,
  service?: string,
  options: StatusOptions = {},
): Promise<ServiceStatus[]> {
  const rows = listServices(engine.db).filter(
    (r) => service === undefined || r.service === service,
  );
  if (service !== undefined && rows.length === 0)
    throw unknownService(engine.db, service, undefined, options);
  const unreachable: string[] = [];
  const statuses = await Promise.all(
    rows.map((row) => statusOf(engine, row, (reason) => unreachable.push(reason))),
  );
  if (unreachable[0] !== undefined) {
    options.warn?.(`Docker is not reachable, so the containers are unknown: ${unreachable[0]}`);
  }
  return statuses;
}

async function statusOf(
  engine: Engine,
  row: ServiceRow,
  onUnreachable: (reason: string) => unknown,
): Promise<ServiceStatus> {
  const deployment =
    row.liveDeploymentId === null ? null : getDeployment(engine.db, row.liveDeploymentId);
  const release = deployment ? getRelease(engine.db, row.service, deployment.releaseId) : null;
  const last = listDeployments(engine.db, row.service, row.env, 1)[0] ?? null;
  let containers: ContainerStatus[] | null = [];
  if (deployment) {
    try {
      const found = await engine.runtime.listContainers(
        { service: row.service, env: row.env, deployment: deployment.id },
        appNetwork(engine.config.deploy.network, row.env),
      );
      containers = found.map((c) => ({ name: c.name, state: c.state, ip: c.ip, health: c.health }));
    } catch (err) {
      if (!isMypaasError(err, 'DOCKER_UNAVAILABLE')) throw err;
      onUnreachable(err.message);
      containers = null;
    }
  }
  const urls = release?.spec.urls ?? [];
  return {
    ...(await certificatesOf(engine, urls)),
    service: row.service,
    env: row.env,
    state: deployment ? row.state : notLiveState(last),
    deployment: deployment?.id ?? null,
    release: deployment?.releaseId ?? null,
    liveSince: deployment?.finishedAt ?? null,
    urls: release?.spec.urls ?? [],
    containers,
    lastDeployment: last && {
      id: last.id,
      status: last.status,
      error: last.error,
      startedAt: last.startedAt,
    },
  };
}

// Only the HAProxy driver orders certificates itself; its https hosts' state is in certs_dir.
async function certificatesOf(
  engine: Engine,
  urls: readonly string[],
): Promise<{ certificates?: CertificateStatus[] }> {
  const hosts = httpsHosts(urls);
  if (engine.config.proxy.driver !== 'haproxy' || hosts.length === 0) return {};
  const { certificateStatuses } = await import('./certificates/certificate-status.js');
  return { certificates: await certificateStatuses(engine.config.proxy.certsDir, hosts) };
}

function notLiveState(last: Deployment | null): ServiceState {
  if (!last) return 'never live';
  if (['queued', 'building', 'starting'].includes(last.status)) return 'deploying';
  return 'failed';
}
