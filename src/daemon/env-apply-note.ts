// When values set with `env SERVICE set` take effect: at a redeploy of the live release, or at a
// deploy still to come (setting env before the first deploy is how secrets get there first).
import type Database from 'better-sqlite3';
import { hasDeployments } from './known-service.js';
import { getService } from './state/services.js';

/** null when (service, env) is live (a redeploy applies the values); else the sentence to show
 * instead of suggesting a redeploy that cannot work. */
export function envApplyNote(db: Database.Database, service: string, env: string): string | null {
  if (!hasDeployments(db, service, env)) {
    return `${service} (${env}) has no deployment yet; these values apply at its first deploy`;
  }
  if ((getService(db, service, env)?.liveDeploymentId ?? null) === null) {
    return `${service} (${env}) is not live; these values apply at its next deploy`;
  }
  return null;
}
