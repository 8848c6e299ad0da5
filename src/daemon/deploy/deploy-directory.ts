// Deploys an app: check, build, and make the new release live; the app is read once, before.
import type { Engine } from '../engine.js';
import { assertBuildImagesInScope } from '../policy/build-images.js';
import { isConfined } from '../policy/confinement.js';
import type { ContainerInfo } from '../runtime/container-runtime.js';
import { LABELS } from '../runtime/container-runtime.js';
import { updateDeployment } from '../state/deployments.js';
import { insertRelease } from '../state/releases.js';
import type { Deployment, DeploymentTrigger, Release } from '../state/types.js';
import type { DeployOutput } from './deploy-output.js';
import { swapInRelease, volumePolicy } from './swap-in-release.js';
import { readApp, type AppSource } from './read-app.js';
import { newReleaseId, releaseImage } from './release-id.js';
import { runDeployment } from './run-deployment.js';
import { startChecks, type StartChecker } from './start-checks.js';
import { checkVolumesOnDisk } from './prepare-volumes.js';

/** What a finished deploy reports. */
export interface DeployResult {
  deployment: Deployment;
  release: Release;
  containers: ContainerInfo[];
}

/** Who deploys what, where to; `deployApp` takes the app already read, `deployDirectory` reads it. */
export interface DeployAppRequest {
  app: AppSource;
  env: string;
  trigger: DeploymentTrigger;
  actor: string;
  /** Set when the actor is a deployer key: the services it may act on. The release keeps the
   * deployer rules for good, and its build may use no other service's images. */
  deployerScope?: string[];
  /** Runs the image build when a build slot is free (the daemon's max_parallel_builds). */
  buildSlot?: <T>(build: () => Promise<T>) => Promise<T>;
}

/** Reads the app in `dir` and deploys it to `env`; resolves only when the new release is live. */
export async function deployDirectory(
  engine: Engine,
  request: Omit<DeployAppRequest, 'app'> & { dir: string },
  output: DeployOutput,
): Promise<DeployResult> {
  return deployApp(engine, { ...request, app: await readApp(request.dir, output) }, output);
}

/** Deploys an app that was read once (its spec is what every step uses); resolves only when
 * the new release is live. */
export async function deployApp(
  engine: Engine,
  request: DeployAppRequest,
  output: DeployOutput,
  check: StartChecker = startChecks,
): Promise<DeployResult> {
  const { app } = request;
  const { spec } = app;
  const confined = request.deployerScope !== undefined || isConfined(engine.db, spec.service);
  // Fails before anything is built or stopped.
  const checked = check(engine, { spec, env: request.env, confined });
  await checkVolumesOnDisk(spec.volumes, volumePolicy(engine));
  const releaseId = newReleaseId(engine.now());
  const { deployment, result } = await runDeployment(
    engine,
    {
      service: spec.service,
      env: request.env,
      releaseId,
      trigger: request.trigger,
      actor: request.actor,
    },
    output,
    async (deployment, logged) => {
      const rules = { confined, scope: request.deployerScope };
      const swap = (release: Release) =>
        swapInRelease(engine, deployment, release, checked, logged);
      const building = () => build(engine, deployment, app, rules, logged);
      const release = await (request.buildSlot ? request.buildSlot(building) : building());
      return { release, containers: await swap(release) };
    },
  );
  return { deployment, ...result };
}

async function build(
  engine: Engine,
  deployment: Deployment,
  source: AppSource,
  rules: { confined: boolean; scope: string[] | undefined },
  output: DeployOutput,
): Promise<Release> {
  const { spec } = source;
  updateDeployment(engine.db, deployment.id, { status: 'building', step: 'build' });
  // Checked right before the build, so no image can appear between the check and its use.
  if (rules.scope) await assertBuildImagesInScope(engine.runtime, source, rules.scope);
  const image = releaseImage(spec.service, deployment.releaseId);
  output.step(`building ${image}`);
  // Only labels that stay the same between releases: a changing one would defeat the build
  // cache on every deploy. The tag `<service>:<release>` names the release.
  const labels = {
    [LABELS.service]: spec.service,
    [LABELS.env]: deployment.env,
  };
  await engine.runtime.buildImage(source.dir, image, labels, (line) => output.build(line));
  const release: Release = {
    id: deployment.releaseId,
    service: spec.service,
    env: deployment.env,
    image,
    spec,
    gitSha: null,
    confined: rules.confined,
    createdAt: engine.now(),
  };
  insertRelease(engine.db, release);
  return release;
}
