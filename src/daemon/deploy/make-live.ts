// Makes a built release live for (service, env) through the health-gated swap. The caller holds
// the deploy lock; this is shared by deploy, rollback and redeploy.
import type { Engine } from '../engine.js';
import { liveUrlClaims } from '../routing/live-claims.js';
import { assertNoUrlConflicts } from '../routing/url-claims.js';
import type { ContainerInfo } from '../runtime/container-runtime.js';
import { markLive, updateDeployment } from '../state/deployments.js';
import { listEnvVars } from '../state/env-vars.js';
import { getService } from '../state/services.js';
import type { Deployment, Release } from '../state/types.js';
import { applySwap } from './apply-swap.js';
import type { DeployOutput } from './deploy-output.js';
import { containerGate } from './gate-container.js';
import { planSwap } from './plan-swap.js';
import { pruneReleases } from './prune-releases.js';
import { resolveEnv } from './resolve-env.js';
import { routeFor } from './route-for.js';
import { prepareVolumes } from './prepare-volumes.js';
import type { VolumePolicy } from './volume-policy.js';

/** Swaps the running containers of the release's (service, env) for fresh ones of `release`. */
export async function makeLive(
  engine: Engine,
  deployment: Deployment,
  release: Release,
  output: DeployOutput,
): Promise<ContainerInfo[]> {
  const { db, runtime, router, config } = engine;
  const { spec } = release;
  const network = config.deploy.network;
  const variables = resolveEnv(spec, {
    secrets: config.env,
    overrides: listEnvVars(db, spec.service, deployment.env),
    configFile: engine.configFile,
  });
  // Checked again under the lock: another service may have gone live with the url meanwhile.
  assertNoUrlConflicts(liveUrlClaims(db), {
    service: spec.service,
    env: deployment.env,
    urls: spec.urls,
  });
  const volumes = await prepareVolumes(release.spec.volumes, volumePolicy(engine));
  await runtime.ensureNetwork(network);
  const liveId = getService(db, spec.service, deployment.env)?.liveDeploymentId ?? null;
  const current =
    liveId === null
      ? []
      : await runtime.listContainers(
          { service: spec.service, env: deployment.env, deployment: liveId },
          network,
        );
  const plan = planSwap(current, {
    spec,
    env: deployment.env,
    release: release.id,
    image: release.image,
    deploymentId: deployment.id,
    variables,
    volumes,
    network,
    stopTimeoutMs: config.deploy.stopTimeoutMs,
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
    routeTo: (containers) => routeFor(spec, deployment.env, containers),
    step: (step) => updateDeployment(db, deployment.id, { step }),
    output,
  });
  markLive(db, deployment.id, engine.now());
  await pruneReleases(engine, spec.service, deployment.env, output);
  return started;
}

/** The volume policy of this host. */
export function volumePolicy(engine: Engine): VolumePolicy {
  return {
    allowedRoots: engine.config.deploy.allowedVolumeRoots,
    home: engine.home,
    userHome: engine.userHome,
  };
}
