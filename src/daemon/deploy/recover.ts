// Crash recovery: a deployment whose process died (kill -9, power loss) is finished or undone so
// the host is left with exactly one serving release.
import type { Engine } from '../engine.js';
import { isHolderAlive, releaseLock, tryAcquireLock } from '../state/deploy-lock.js';
import {
  getDeployment,
  recordLive,
  unfinishedDeployments,
  updateDeployment,
} from '../state/deployments.js';
import { getRelease } from '../state/releases.js';
import { getService } from '../state/services.js';
import type { Deployment } from '../state/types.js';
import type { DeployOutput } from './deploy-output.js';
import { routeFor } from './route-for.js';
import { appNetwork } from './container-options.js';

/** Steps after which the new containers were already serving. */
const SERVING_STEPS = new Set(['drain', 'cleanup']);

/** Recovers every dead deployment whose lock is free; run when a mypaas process starts. */
export async function recoverAll(engine: Engine, output: DeployOutput): Promise<void> {
  for (const d of unfinishedDeployments(engine.db)) {
    if (holderAlive(d)) continue;
    const lock = tryAcquireLock(
      engine.db,
      d.service,
      d.env,
      { ...engine.identity, deploymentId: null },
      engine.now(),
    );
    if (!lock.acquired) continue;
    try {
      await recoverService(engine, d.service, d.env, output);
    } finally {
      releaseLock(engine.db, d.service, d.env, engine.identity.pid);
    }
  }
}

/** Recovers the dead deployments of one (service, env); the caller holds its deploy lock. */
export async function recoverService(
  engine: Engine,
  service: string,
  env: string,
  output: DeployOutput,
): Promise<void> {
  const dead = unfinishedDeployments(engine.db).filter(
    (d) => d.service === service && d.env === env && !holderAlive(d),
  );
  for (const d of dead) {
    if (d.status === 'starting' && SERVING_STEPS.has(d.step ?? '')) await finish(engine, d, output);
    else await undo(engine, d, output);
  }
}

function holderAlive(d: Deployment): boolean {
  return d.pid !== null && d.pidStart !== null && isHolderAlive(d.pid, d.pidStart);
}

/** The new containers already served: retire the old ones and mark the deployment live. */
async function finish(engine: Engine, d: Deployment, output: DeployOutput): Promise<void> {
  const network = appNetwork(engine.config.deploy.network, d.env);
  const old = await engine.runtime.listContainers({ service: d.service, env: d.env }, network);
  await Promise.all(
    old
      .filter((c) => c.deployment !== d.id)
      .map(async (c) => {
        await engine.runtime.stopContainer(c.id, engine.config.deploy.stopTimeoutMs);
        await engine.runtime.removeContainer(c.id);
      }),
  );
  recordLive(engine.db, d.id, engine.now());
  output.warn(
    `deployment #${d.id} of ${d.service} was interrupted after it went live; finished it`,
  );
}

/** The new containers never served: remove them and make sure the live release runs and is routed. */
async function undo(engine: Engine, d: Deployment, output: DeployOutput): Promise<void> {
  const { runtime, config } = engine;
  const network = appNetwork(config.deploy.network, d.env);
  for (const c of await runtime.listContainers(
    { service: d.service, env: d.env, deployment: d.id },
    network,
  )) {
    await runtime.removeContainer(c.id);
  }
  const liveId = getService(engine.db, d.service, d.env)?.liveDeploymentId ?? null;
  const live = liveId === null ? null : getDeployment(engine.db, liveId);
  const release = live ? getRelease(engine.db, d.service, live.releaseId) : null;
  if (live && release) {
    const containers = await runtime.listContainers(
      { service: d.service, env: d.env, deployment: live.id },
      network,
    );
    for (const c of containers.filter((c) => c.state !== 'running'))
      await runtime.startContainer(c.id);
    const running = await runtime.listContainers(
      { service: d.service, env: d.env, deployment: live.id },
      network,
    );
    await engine.router.apply(routeFor(release.spec, d.env, running));
  }
  const error = `interrupted during ${d.step ?? d.status}: the process running it (pid ${d.pid ?? '?'}) died`;
  updateDeployment(engine.db, d.id, { status: 'interrupted', error, finishedAt: engine.now() });
  output.warn(
    `deployment #${d.id} of ${d.service} was ${error}; the previous release keeps serving`,
  );
}
