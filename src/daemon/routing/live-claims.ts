// The url claims of every live (service, env) on this host, read from the state database.
import type Database from 'better-sqlite3';
import { listDeployments, getDeployment } from '../state/deployments.js';
import { getRelease } from '../state/releases.js';
import { listServices } from '../state/services.js';
import type { Release } from '../state/types.js';
import { claimHost, type UrlClaim } from './url-claims.js';

/** How far back a claim's history is read; older runs count from the oldest one read. */
const HISTORY = 50;

/** What each live (service, env) routes, from its live release's spec, with when it began to. */
export function liveUrlClaims(db: Database.Database): UrlClaim[] {
  return listServices(db).flatMap((row) => {
    const deployment =
      row.liveDeploymentId === null ? null : getDeployment(db, row.liveDeploymentId);
    const release = deployment ? getRelease(db, row.service, deployment.releaseId) : null;
    if (!deployment || !release) return [];
    const urls = release.spec.urls;
    return [{ service: row.service, env: row.env, urls, since: since(db, release, deployment.id) }];
  });
}

// Per host of the live release: walking back through the releases that went live, the first
// deployment of the unbroken run that served it. A pruned release ends the run.
function since(db: Database.Database, live: Release, liveId: number): Record<string, number> {
  const wentLive = listDeployments(db, live.service, live.env, HISTORY).filter(
    (d) => d.id <= liveId && (d.status === 'live' || d.status === 'superseded' || d.id === liveId),
  );
  const releases = new Map<string, Release | null>([[live.id, live]]);
  const hostsOf = (releaseId: string): Set<string> => {
    if (!releases.has(releaseId)) releases.set(releaseId, getRelease(db, live.service, releaseId));
    return new Set(releases.get(releaseId)?.spec.urls.map(claimHost) ?? []);
  };
  const result: Record<string, number> = {};
  for (const host of new Set(live.spec.urls.map(claimHost))) {
    let first = liveId;
    for (const d of wentLive) {
      if (!hostsOf(d.releaseId).has(host)) break;
      first = d.id;
    }
    result[host] = first;
  }
  return result;
}
