// Makes a built release live for (service, env) through the health-gated swap. The caller holds
// the deploy lock and ran the start checks; this is shared by deploy, rollback and redeploy.
import type { Engine } from '../engine.js';
import type { ContainerInfo } from '../runtime/container-runtime.js';
import { recordLive, updateDeployment } from '../state/deployments.js';
import { getService } from '../state/services.js';
import type { Deployment, Release } from '../state/types.js';
import { containerLimits } from '../policy/tenant-rules.js';
import { applySwap } from './apply-swap.js';
import type { DeployOutput } from './deploy-output.js';
import { containerGate } from './gate-container.js';
import { planSwap } from './plan-swap.js';
import { pruneReleases } from './prune-releases.js';
import { routeFor } from './route-for.js';
import type { CheckedStart } from './start-checks.js';
import { prepareVolumes } from './prepare-volumes.js';
import type { VolumePolicy } from './volume-policy.js';
import { appNetwork } from './container-options.js';

/** Swaps the running containers of the release's (service, env) for fresh ones of `release`. */
export async function swapInRelease(
  engine: Engine,
  deployment: Deployment,
  release: Release,
  checked: CheckedStart,
  output: DeployOutput,
): Promise<ContainerInfo[]> {
  const { db, runtime, router, config } = engine;
  const { spec } = release;
  const env = deployment.env;
  const network = appNetwork(config.deploy.network, env);
  const { confined, variables } = checked;
  const volumes = await prepareVolumes(spec.volumes, volumePolicy(engine), {
    service: spec.service,
    env,
    runtime,
  });
  await runtime.ensureNetwork(network);
  const liveId = getService(db, spec.service, env)?.liveDeploymentId ?? null;
  const all = await runtime.listContainers({ service: spec.service, env }, network);
  await removeLeftovers(all, [liveId, deployment.id], engine, output);
  const current = all.filter((c) => c.deployment === liveId);
  const plan = planSwap(current, {
    spec,
    env: env,
    release: release.id,
    image: release.image,
    deploymentId: deployment.id,
    variables,
    volumes,
    network,
    stopTimeoutMs: config.deploy.stopTimeoutMs,
    init: spec.init ?? config.deploy.init,
    limits: containerLimits(spec, confined, config.deployers),
  });
  output.step(plan.reason);
  updateDeployment(db, deployment.id, { status: 'starting' });
  const started = await applySwap(plan, {
    runtime,
    router,
    network,
    drainTimeoutMs: config.deploy.drainTimeoutMs,
    stopTimeoutMs: config.deploy.stopTimeoutMs,
    gate: containerGate(spec, runtime, network, config.deploy.healthTimeoutMs),
    routeTo: (containers) => routeFor(spec, env, containers),
    step: (step) => updateDeployment(db, deployment.id, { step }),
    output,
  });
  recordLive(db, deployment.id, engine.now());
  // Live now: housekeeping that fails is a warning, never a failed deployment.
  await pruneReleases(engine, spec.service, env, output).catch((err: unknown) =>
    output.warn(`could not prune old releases of ${spec.service}: ${String(err)}`),
  );
  return started;
}

// Containers of earlier deployments that a retire could not remove; the lock is held, so none
// of them belongs to a deployment in progress.
async function removeLeftovers(
  containers: ContainerInfo[],
  keep: (number | null)[],
  engine: Engine,
  output: DeployOutput,
): Promise<void> {
  for (const c of containers.filter((c) => !keep.includes(c.deployment))) {
    output.step(`removing ${c.name}, left over from deployment #${c.deployment}`);
    await engine.runtime.removeContainer(c.id);
  }
}

/** The volume policy of this host. */
export function volumePolicy(engine: Engine): VolumePolicy {
  return {
    allowedRoots: engine.config.deploy.allowedVolumeRoots,
    home: engine.home,
    userHome: engine.userHome,
  };
}
