// A failed deployment whose build log holds `lines`, written straight to SQLite, for tests that
// read stored logs.
import type Database from 'better-sqlite3';
import { appendLogLine } from '../../src/daemon/state/build-log.js';
import { createDeployment, updateDeployment } from '../../src/daemon/state/deployments.js';

/** Records the deployment and its lines; returns its id. */
export function storedDeployment(db: Database.Database, service: string, lines: string[]): number {
  const { id } = createDeployment(db, {
    service,
    env: 'production',
    releaseId: 'r1',
    trigger: 'server-deploy',
    actor: 'test',
    previousDeploymentId: null,
    pid: null,
    pidStart: null,
  });
  for (const line of lines) appendLogLine(db, id, 'build', line);
  updateDeployment(db, id, { status: 'failed', finishedAt: Date.now() });
  return id;
}
