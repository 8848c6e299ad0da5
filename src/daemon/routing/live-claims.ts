// The url claims of every live (service, env) on this host, read from the state database.
import type Database from 'better-sqlite3';
import { getDeployment } from '../state/deployments.js';
import { getRelease } from '../state/releases.js';
import { listServices } from '../state/services.js';
import type { UrlClaim } from './url-claims.js';

/** What each live (service, env) routes, from its live release's spec. */
export function liveUrlClaims(db: Database.Database): UrlClaim[] {
  return listServices(db).flatMap((row) => {
    const deployment =
      row.liveDeploymentId === null ? null : getDeployment(db, row.liveDeploymentId);
    const release = deployment ? getRelease(db, row.service, deployment.releaseId) : null;
    return release ? [{ service: row.service, env: row.env, urls: release.spec.urls }] : [];
  });
}
