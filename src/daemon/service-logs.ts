// `logs SERVICE`: the live containers' output; for a service that is not live, the stored log of
// its last deployment, which says why (one reader for the host CLI and the daemon's SSH command).
import type { Engine } from './engine.js';
import { appNetwork } from './deploy/container-options.js';
import { readDeploymentLog } from './deploy/read-deployment-log.js';
import { requireOnHost, type KnownServiceOptions } from './known-service.js';
import { listDeployments } from './state/deployments.js';

/** How to read: the last `tail` lines (all when absent), then new ones with `follow`. */
export interface ServiceLogsOptions extends KnownServiceOptions {
  tail?: number;
  follow: boolean;
  signal: AbortSignal;
  /** The command that lists the service's deployments, for hints. */
  listHint: string;
  /** Told when the lines are a deployment's log rather than the containers' output. */
  warn: (text: string) => void;
}

/** Calls `onLine` for each line (prefixed by the container when there are several); returns how
 * many it passed. SERVICE_NOT_FOUND (with the nearest name) when the host has no such service. */
export async function serviceLogs(
  engine: Engine,
  service: string,
  env: string,
  options: ServiceLogsOptions,
  onLine: (line: string) => void,
): Promise<number> {
  const row = requireOnHost(engine.db, service, env, options);
  const tail = options.tail === undefined ? {} : { tail: options.tail };
  if (row.liveDeploymentId === null) {
    const last = listDeployments(engine.db, service, env, 1)[0];
    if (!last) return 0;
    options.warn(
      `${service} (${env}) is not live; the log of its last deployment #${last.id} (${last.status}) follows`,
    );
    return readDeploymentLog(engine.db, service, last.id, { ...options, ...tail }, onLine);
  }
  const containers = await engine.runtime.listContainers(
    { service, env, deployment: row.liveDeploymentId },
    appNetwork(engine.config.deploy.network, env),
  );
  const prefix = containers.length > 1;
  const stream = { ...tail, follow: options.follow, signal: options.signal };
  let count = 0;
  await Promise.all(
    containers.map((c) =>
      engine.runtime.streamLogs(c.id, stream, (line) => {
        count += 1;
        onLine(prefix ? `${c.name} | ${line}` : line);
      }),
    ),
  );
  return count;
}
