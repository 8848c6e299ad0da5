// Applies the routes SQLite and Docker call for (plan-routes.ts), under each service's deploy lock so
// it never races a deploy, rollback, stop or start of the same service.
import { appNetwork } from '../deploy/container-options.js';
import type { DeployOutput } from '../deploy/deploy-output.js';
import { withServiceLock } from '../deploy/with-service-lock.js';
import type { Engine } from '../engine.js';
import { getDeployment } from '../state/deployments.js';
import { getRelease } from '../state/releases.js';
import { getService, listServices } from '../state/services.js';
import { planRoute, type LiveService } from './plan-routes.js';

/** Routes (service, env) to the addresses its live containers have now; nothing when none is live. */
export async function reconcileRoute(
  engine: Engine,
  target: { service: string; env: string },
  output: DeployOutput,
  signal?: AbortSignal,
): Promise<void> {
  const { service, env } = target;
  if (liveService(engine, service, env) === null) return;
  await withServiceLock(engine, { service, env, deploymentId: null, signal }, output, async () => {
    // Read again under the lock: a deploy may have just made another release live.
    const live = liveService(engine, service, env);
    if (live === null) return;
    const containers = await engine.runtime.listContainers(
      { service, env, deployment: live.deploymentId, all: false },
      appNetwork(engine.config.deploy.network, env),
    );
    await engine.router.apply(planRoute(live, containers));
  });
}

/** Reconciles every (service, env) SQLite knows; one that fails is reported, the rest go on. */
export async function reconcileAllRoutes(engine: Engine, output: DeployOutput): Promise<void> {
  for (const row of listServices(engine.db)) {
    await reconcileRoute(engine, row, output).catch((err: unknown) =>
      output.warn(`could not route ${row.service} (${row.env}) again: ${String(err)}`),
    );
  }
}

// The live deployment and release of (service, env), or null when it has none.
function liveService(engine: Engine, service: string, env: string): LiveService | null {
  const row = getService(engine.db, service, env);
  const deployment = row?.liveDeploymentId ? getDeployment(engine.db, row.liveDeploymentId) : null;
  const release = deployment ? getRelease(engine.db, service, deployment.releaseId) : null;
  if (!row || !deployment || !release) return null;
  return { service, env, state: row.state, deploymentId: deployment.id, release };
}
