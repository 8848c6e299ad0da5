// `rollback` and `redeploy`: make an existing release live again through the same gated swap.
import { MypaasError } from '../../core/errors.js';
import type { Engine } from '../engine.js';
import { isConfined } from '../policy/confinement.js';
import { getDeployment, listDeployments } from '../state/deployments.js';
import { getRelease } from '../state/releases.js';
import { requireOnHost, type KnownServiceOptions } from '../known-service.js';
import { notLive } from '../not-live.js';
import type { Deployment, Release } from '../state/types.js';
import type { DeployResult } from './deploy-directory.js';
import type { DeployOutput } from './deploy-output.js';
import { swapInRelease } from './swap-in-release.js';
import { runDeployment } from './run-deployment.js';
import { startChecks, type StartChecker } from './start-checks.js';

/** Which release: the live one again (redeploy), the one before it, or a named one (rollback). */
export type ReleaseChoice = { kind: 'live' } | { kind: 'previous' } | { kind: 'named'; id: string };

/** The release that was live before `liveReleaseId`, skipping releases that never went live. Pure. */
export function previousLiveRelease(
  deployments: Deployment[],
  liveReleaseId: string,
): string | null {
  const wentLive = deployments.filter((d) => d.status === 'live' || d.status === 'superseded');
  return wentLive.find((d) => d.releaseId !== liveReleaseId)?.releaseId ?? null;
}

/** Deploys an existing release of (service, env) again; resolves when it is live. */
export async function deployRelease(
  engine: Engine,
  request: {
    service: string;
    env: string;
    choice: ReleaseChoice;
    trigger: 'rollback' | 'redeploy';
    actor: string;
    /** Whom an unknown-service error may name. */
    known?: KnownServiceOptions;
  },
  output: DeployOutput,
  check: StartChecker = startChecks,
): Promise<DeployResult> {
  const release = await chooseRelease(engine, request, request.known ?? {});
  // The tenant rules and secret grants hold for every start of a deployer's release, whoever
  // asks for it; url claims and shared hosts are as they are now. Refused before it starts.
  const confined = isConfined(engine.db, request.service, release);
  const checked = check(engine, { spec: release.spec, env: request.env, confined });
  const { deployment, result: containers } = await runDeployment(
    engine,
    {
      service: request.service,
      env: request.env,
      releaseId: release.id,
      trigger: request.trigger,
      actor: request.actor,
    },
    output,
    (deployment, logged) => swapInRelease(engine, deployment, release, checked, logged),
  );
  return { deployment, release, containers };
}

async function chooseRelease(
  engine: Engine,
  { service, env, choice }: { service: string; env: string; choice: ReleaseChoice },
  known: KnownServiceOptions,
): Promise<Release> {
  const { db } = engine;
  const liveId = requireOnHost(db, service, env, known).liveDeploymentId;
  const live = liveId === null ? null : getDeployment(db, liveId);
  let id: string | null;
  if (choice.kind === 'named') id = choice.id;
  else if (!live) throw notLive(engine, service, env);
  else if (choice.kind === 'live') id = live.releaseId;
  else id = previousLiveRelease(listDeployments(db, service, env, 1000), live.releaseId);
  if (id === null) {
    throw new MypaasError(
      'RELEASE_NOT_FOUND',
      `${service} (${env}) has no earlier release that went live`,
      {
        hint: `list releases with: mypaas server deployments ${service}`,
      },
    );
  }
  const release = getRelease(db, service, id);
  if (!release || release.env !== env || !(await engine.runtime.imageExists(release.image))) {
    throw new MypaasError(
      'RELEASE_NOT_FOUND',
      `release ${id} of ${service} (${env}) is not kept on this host`,
      {
        hint: `only the last ${engine.config.deploy.keepReleases} releases are kept; see mypaas server deployments ${service}`,
      },
    );
  }
  return release;
}
