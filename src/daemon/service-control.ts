// `server stop`, `start` and `rm`: act on a service's live containers under its deploy lock.
import { MypaasError } from '../core/errors.js';
import { containerGate } from './deploy/gate-container.js';
import type { DeployOutput } from './deploy/deploy-output.js';
import { routeFor } from './deploy/route-for.js';
import { withServiceLock } from './deploy/with-service-lock.js';
import type { Engine } from './engine.js';
import { getDeployment } from './state/deployments.js';
import { getRelease, listReleases } from './state/releases.js';
import { deleteService, setServiceState } from './state/services.js';
import type { Release, ServiceRow } from './state/types.js';
import { isConfined } from './policy/confinement.js';
import { assertSecretsGranted } from './deploy/resolve-env.js';
import type { ContainerInfo } from './runtime/container-runtime.js';
import { appNetwork } from './deploy/container-options.js';
import { requireKnown, requireOnHost, type KnownServiceOptions } from './known-service.js';
import { notLive } from './not-live.js';

/** Takes the service out of the proxy and stops its containers; they are kept for `start`. */
export async function stopService(
  engine: Engine,
  service: string,
  env: string,
  output: DeployOutput,
  known: KnownServiceOptions = {},
): Promise<void> {
  await withServiceLock(engine, { service, env, deploymentId: null }, output, async () => {
    const { release } = liveRelease(engine, service, env, known);
    await engine.router.apply(routeFor(release.spec, env, []));
    // At once, not one after another: each may take the whole stop timeout.
    await Promise.all(
      (await liveContainers(engine, service, env)).map((c) => {
        output.step(`stopping ${c.name}`);
        return engine.runtime.stopContainer(c.id, engine.config.deploy.stopTimeoutMs);
      }),
    );
    setServiceState(engine.db, service, env, 'stopped', engine.now());
  });
}

/** Starts the live release's containers again, proves them healthy and routes to them. */
export async function startService(
  engine: Engine,
  service: string,
  env: string,
  output: DeployOutput,
  known: KnownServiceOptions = {},
): Promise<void> {
  await withServiceLock(engine, { service, env, deploymentId: null }, output, async () => {
    const { release } = liveRelease(engine, service, env, known);
    const network = appNetwork(engine.config.deploy.network, env);
    const gate = containerGate(
      release.spec,
      engine.runtime,
      network,
      engine.config.deploy.healthTimeoutMs,
    );
    const containers = await liveContainers(engine, service, env);
    if (isConfined(engine.db, service, release)) {
      assertNoHostMounts(containers);
      // No overrides: the stopped containers may predate the `server env` value that would
      // stand in for the secret now; a redeploy resolves the variables afresh.
      assertSecretsGranted(release.spec, {
        secrets: engine.config.env,
        overrides: {},
        configFile: engine.configFile,
        confined: true,
      });
    }
    for (const c of containers) {
      output.step(`starting ${c.name}`);
      if (c.state !== 'running') await engine.runtime.startContainer(c.id);
    }
    const started = await liveContainers(engine, service, env);
    await Promise.all(started.map(gate));
    await engine.router.apply(routeFor(release.spec, env, started));
    setServiceState(engine.db, service, env, 'running', engine.now());
  });
}

/** Removes the service: its route, every container and release image; history stays unless `purge`. */
export async function removeService(
  engine: Engine,
  service: string,
  env: string,
  output: DeployOutput,
  options: { purge?: boolean } & KnownServiceOptions = {},
): Promise<void> {
  await withServiceLock(engine, { service, env, deploymentId: null }, output, async () => {
    // Also a service that never went live, or one removed before whose history --purge forgets.
    requireKnown(engine.db, service, env, options);
    await engine.router.remove(service, env);
    const network = appNetwork(engine.config.deploy.network, env);
    await Promise.all(
      (await engine.runtime.listContainers({ service, env }, network)).map((c) => {
        output.step(`removing ${c.name}`);
        return engine.runtime.removeContainer(c.id);
      }),
    );
    for (const r of listReleases(engine.db, service, env)) {
      await engine.runtime.removeImage(r.image);
    }
    deleteService(engine.db, service, env, { purge: options.purge ?? false });
    output.step(`${service} (${env}) removed; volumes on the host are kept`);
  });
}

// Containers made before the tenant rules may bind host directories a container could have
// turned into links; such a container is never started again, only replaced by a redeploy.
function assertNoHostMounts(containers: ContainerInfo[]): void {
  const bound = containers.filter((c) => c.hostMounts.length > 0);
  if (bound.length === 0) return;
  throw new MypaasError(
    'PERMISSION_DENIED',
    `${bound.map((c) => c.name).join(', ')} mount${bound.length === 1 ? 's' : ''} host directories, which a deployer's service may not`,
    {
      details: bound.flatMap((c) => c.hostMounts.map((m) => `${c.name}: ${m}`)),
      hint: 'push the app again with named volumes (# mypaas.volume=data:/data) instead',
    },
  );
}

/** The service row, or SERVICE_NOT_FOUND naming the nearest known service. */
export function requireService(engine: Engine, service: string, env: string): ServiceRow {
  return requireOnHost(engine.db, service, env);
}

function liveRelease(
  engine: Engine,
  service: string,
  env: string,
  known: KnownServiceOptions,
): { release: Release; deploymentId: number } {
  const row = requireOnHost(engine.db, service, env, known);
  const deployment =
    row.liveDeploymentId === null ? null : getDeployment(engine.db, row.liveDeploymentId);
  const release = deployment ? getRelease(engine.db, service, deployment.releaseId) : null;
  if (!deployment || !release) throw notLive(engine, service, env);
  return { release, deploymentId: deployment.id };
}

async function liveContainers(engine: Engine, service: string, env: string) {
  const deployment = requireService(engine, service, env).liveDeploymentId ?? -1;
  return engine.runtime.listContainers(
    { service, env, deployment },
    appNetwork(engine.config.deploy.network, env),
  );
}
