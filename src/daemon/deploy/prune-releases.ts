// Deletes this service's old release images past `keep_releases`, never host-wide.
import type { Engine } from '../engine.js';
import { listDeployments } from '../state/deployments.js';
import { deleteRelease, listReleases } from '../state/releases.js';
import type { DeployOutput } from './deploy-output.js';
import { planPrune } from './plan-prune.js';
import { releaseImage } from './release-id.js';

/** Removes release images beyond retention; the live release and the rollback target stay. */
export async function pruneReleases(
  engine: Engine,
  service: string,
  env: string,
  output: DeployOutput,
): Promise<void> {
  const releases = listReleases(engine.db, service, env);
  const wentLive = listDeployments(engine.db, service, env, 1000)
    .filter((d) => d.status === 'live' || d.status === 'superseded')
    .map((d) => d.releaseId);
  const protectedIds = new Set([...new Set(wentLive)].slice(0, 2)); // live + the rollback target
  for (const id of planPrune(releases, engine.config.deploy.keepReleases, protectedIds)) {
    try {
      await engine.runtime.removeImage(releaseImage(service, id));
      deleteRelease(engine.db, service, id);
      output.step(`pruned release ${id}`);
    } catch (err) {
      output.warn(`could not prune release ${id}: ${String(err)}`);
    }
  }
}
