// The deployments table: every attempt to make a release live, its progress and how it ended.
import type Database from 'better-sqlite3';
import { MypaasError } from '../../core/errors.js';
import { appendLogLine } from './build-log.js';
import type { Deployment, DeploymentStatus, DeploymentTrigger } from './types.js';

export type { Deployment, DeploymentStatus, DeploymentTrigger } from './types.js';

/** What a new deployment starts from; it is created `queued`. */
export interface NewDeployment {
  service: string;
  env: string;
  releaseId: string;
  trigger: DeploymentTrigger;
  actor: string;
  previousDeploymentId: number | null;
  pid: number | null;
  pidStart: string | null;
  /** ms epoch; default the current time. */
  now?: number;
}

/** The fields a deployment changes as it moves on; the rest are fixed at creation. */
export interface DeploymentPatch {
  status?: DeploymentStatus;
  step?: string | null;
  error?: string | null;
  finishedAt?: number | null;
  releaseId?: string;
}

/** Records the start of a deployment so it shows in history and crash recovery from the start;
 * its (service, env) is on the host from then on, live or not, so status, logs and rm find it. */
export function createDeployment(db: Database.Database, input: NewDeployment): Deployment {
  const now = input.now ?? Date.now();
  const id = db
    .transaction(() => {
      const { lastInsertRowid } = db
        .prepare(
          `INSERT INTO deployments (service, env, release_id, trigger, actor, status,
             previous_deployment_id, pid, pid_start, started_at)
           VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
        )
        .run(
          input.service,
          input.env,
          input.releaseId,
          input.trigger,
          input.actor,
          input.previousDeploymentId,
          input.pid,
          input.pidStart,
          now,
        );
      db.prepare(
        `INSERT INTO services (service, env, state, live_deployment_id, created_at, updated_at)
         VALUES (?, ?, 'running', NULL, ?, ?) ON CONFLICT (service, env) DO NOTHING`,
      ).run(input.service, input.env, now, now);
      return Number(lastInsertRowid);
    })
    .immediate();
  return mustGet(db, id);
}

/** Moves a deployment on (status, step, error, end time); returns it as now stored. */
export function updateDeployment(
  db: Database.Database,
  id: number,
  patch: DeploymentPatch,
): Deployment {
  const fields = (Object.keys(COLUMNS) as (keyof DeploymentPatch)[]).filter(
    (field) => patch[field] !== undefined,
  );
  if (fields.length > 0) {
    const sets = fields.map((field) => `${COLUMNS[field]} = @${field}`).join(', ');
    const params = Object.fromEntries(fields.map((field) => [field, patch[field]]));
    db.prepare(`UPDATE deployments SET ${sets} WHERE id = @id`).run({ ...params, id });
  }
  return mustGet(db, id);
}

/** One deployment, or null. */
export function getDeployment(db: Database.Database, id: number): Deployment | null {
  const row = db.prepare('SELECT * FROM deployments WHERE id = ?').get(id) as Row | undefined;
  return row ? toDeployment(row) : null;
}

/** A service's deployment history, newest first, optionally for one environment. */
export function listDeployments(
  db: Database.Database,
  service: string,
  env?: string,
  limit = 50,
): Deployment[] {
  const rows = db
    .prepare(
      `SELECT * FROM deployments WHERE service = @service AND (@env IS NULL OR env = @env)
       ORDER BY id DESC LIMIT @limit`,
    )
    .all({ service, env: env ?? null, limit }) as Row[];
  return rows.map(toDeployment);
}

/** Deployments a crash may have cut short (queued, building, starting), oldest first. */
export function unfinishedDeployments(db: Database.Database): Deployment[] {
  const rows = db
    .prepare(
      `SELECT * FROM deployments WHERE status IN ('queued', 'building', 'starting') ORDER BY id`,
    )
    .all() as Row[];
  return rows.map(toDeployment);
}

/** The swap's last step as one transaction: this one live, the old one superseded, service → it,
 * and the log's last line. */
export function recordLive(
  db: Database.Database,
  deploymentId: number,
  now: number = Date.now(),
): Deployment {
  return db
    .transaction(() => {
      const deployment = mustGet(db, deploymentId);
      if (!['queued', 'building', 'starting', 'live'].includes(deployment.status)) {
        throw new MypaasError(
          'STATE_FAILED',
          `deployment ${deploymentId} is ${deployment.status} and cannot become live`,
          { hint: 'make an old release live again with a new deployment (a rollback)' },
        );
      }
      const { service, env } = deployment;
      db.prepare(
        `UPDATE deployments SET status = 'superseded'
         WHERE service = ? AND env = ? AND status = 'live' AND id <> ?`,
      ).run(service, env, deploymentId);
      db.prepare(
        `UPDATE deployments SET status = 'live', finished_at = COALESCE(finished_at, ?) WHERE id = ?`,
      ).run(now, deploymentId);
      db.prepare(
        `INSERT INTO services (service, env, state, live_deployment_id, created_at, updated_at)
         VALUES (@service, @env, 'running', @id, @at, @at)
         ON CONFLICT (service, env) DO UPDATE SET
           state = 'running', live_deployment_id = @id, updated_at = @at`,
      ).run({ service, env, id: deploymentId, at: now });
      // In the same transaction, so a follower that sees `live` finds the line too.
      appendLogLine(db, deploymentId, 'deploy', `deployment #${deploymentId} is live`, now);
      return mustGet(db, deploymentId);
    })
    .immediate();
}

const COLUMNS: Record<keyof DeploymentPatch, string> = {
  status: 'status',
  step: 'step',
  error: 'error',
  finishedAt: 'finished_at',
  releaseId: 'release_id',
};

interface Row {
  id: number;
  service: string;
  env: string;
  release_id: string;
  trigger: DeploymentTrigger;
  actor: string;
  status: DeploymentStatus;
  step: string | null;
  previous_deployment_id: number | null;
  pid: number | null;
  pid_start: string | null;
  started_at: number;
  finished_at: number | null;
  error: string | null;
}

function mustGet(db: Database.Database, id: number): Deployment {
  const deployment = getDeployment(db, id);
  if (deployment) return deployment;
  throw new MypaasError('DEPLOYMENT_NOT_FOUND', `deployment ${id} does not exist`, {
    hint: 'list the deployments of the service to see their ids',
  });
}

function toDeployment(row: Row): Deployment {
  return {
    id: row.id,
    service: row.service,
    env: row.env,
    releaseId: row.release_id,
    trigger: row.trigger,
    actor: row.actor,
    status: row.status,
    step: row.step,
    previousDeploymentId: row.previous_deployment_id,
    pid: row.pid,
    pidStart: row.pid_start,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
  };
}
