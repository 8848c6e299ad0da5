// What a finished deploy reports, the same for `server deploy` and `push`: the data behind --json
// and the lines that say the release is live.
import type { DeployResult } from './deploy-directory.js';

/** The data of a live deploy. Pure. */
export function deploySummary({ deployment, release, containers }: DeployResult) {
  return {
    service: release.service,
    env: deployment.env,
    deployment: deployment.id,
    release: release.id,
    urls: release.spec.urls,
    containers: containers.map((c) => ({ name: c.name, ip: c.ip })),
  };
}

/** A live deploy's summary. */
export type DeploySummary = ReturnType<typeof deploySummary>;

/** `MARK SERVICE is live: release R (deployment #N), K containers`, then one line per URL. Pure. */
export function liveText(summary: DeploySummary, mark: string): string {
  const count = summary.containers.length;
  return (
    `${mark} ${summary.service} is live: release ${summary.release} (deployment #${summary.deployment}), ${count} container${count === 1 ? '' : 's'}\n` +
    summary.urls.map((u) => `  ${u}\n`).join('')
  );
}
