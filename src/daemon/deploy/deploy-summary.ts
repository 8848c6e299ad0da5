// What a finished deploy reports, the same for a deploy, a push, a rollback and a redeploy.
import type { LiveResult } from '../../core/results.js';
import type { DeployResult } from './deploy-directory.js';

/** The data of a live deploy. Pure. */
export function deploySummary({ deployment, release, containers }: DeployResult): LiveResult {
  return {
    service: release.service,
    env: deployment.env,
    deployment: deployment.id,
    release: release.id,
    urls: release.spec.urls,
    containers: containers.map((c) => ({ name: c.name, ip: c.ip })),
  };
}

/** The audit log's line for a live deploy. Pure. */
export function liveDetail(summary: LiveResult): string {
  return `deployment #${summary.deployment}, release ${summary.release}`;
}
