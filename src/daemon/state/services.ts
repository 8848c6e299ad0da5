// The services table: each (service, env) the host runs, whether it should run, what is live.
import type Database from 'better-sqlite3';
import type { ServiceRow, ServiceState } from './types.js';

export type { ServiceRow, ServiceState } from './types.js';

/** What `deleteService` also forgets. */
export interface DeleteServiceOptions {
  /** Also delete the deployment history, its log lines and the releases (default: keep them). */
  purge?: boolean;
}

/** One (service, env), or null when the host does not know it. */
export function getService(db: Database.Database, service: string, env: string): ServiceRow | null {
  const row = db
    .prepare('SELECT * FROM services WHERE service = ? AND env = ?')
    .get(service, env) as Row | undefined;
  return row ? toServiceRow(row) : null;
}

/** Every (service, env) on the host, by name: what `mypaas ls` shows. */
export function listServices(db: Database.Database): ServiceRow[] {
  const rows = db.prepare('SELECT * FROM services ORDER BY service, env').all() as Row[];
  return rows.map(toServiceRow);
}

/** A (service, env) some table still names, and what the host keeps of it. */
export interface KnownTarget {
  service: string;
  env: string;
  /** It has a services row: it is on the host (status, logs, stop, start, rollback see it). */
  onHost: boolean;
  /** It has deployments: history that `deployments` and `logs --deployment` show. */
  history: boolean;
}

/** Every (service, env) that the services, deployments or env_vars table names (only those of
 * `service` when given), by name. */
export function listKnownTargets(db: Database.Database, service?: string): KnownTarget[] {
  const rows = db
    .prepare(
      `SELECT service, env, MAX(on_host) AS on_host, MAX(history) AS history FROM (
         SELECT service, env, 1 AS on_host, 0 AS history FROM services WHERE @all OR service = @s
         UNION ALL SELECT DISTINCT service, env, 0, 1 FROM deployments WHERE @all OR service = @s
         UNION ALL SELECT DISTINCT service, env, 0, 0 FROM env_vars WHERE @all OR service = @s
       ) GROUP BY service, env ORDER BY service, env`,
    )
    .all({ all: service === undefined ? 1 : 0, s: service ?? '' }) as {
    service: string;
    env: string;
    on_host: number;
    history: number;
  }[];
  return rows.map((r) => ({
    service: r.service,
    env: r.env,
    onHost: r.on_host === 1,
    history: r.history === 1,
  }));
}

/** Records `stop`/`start`, creating the row for a service not deployed yet. */
export function setServiceState(
  db: Database.Database,
  service: string,
  env: string,
  state: ServiceState,
  now: number = Date.now(),
): ServiceRow {
  db.prepare(
    `INSERT INTO services (service, env, state, live_deployment_id, created_at, updated_at)
     VALUES (@service, @env, @state, NULL, @at, @at)
     ON CONFLICT (service, env) DO UPDATE SET state = @state, updated_at = @at`,
  ).run({ service, env, state, at: now });
  return getService(db, service, env) as ServiceRow;
}

/** Forgets a (service, env) with its env vars and deploy lock; returns whether it existed. */
export function deleteService(
  db: Database.Database,
  service: string,
  env: string,
  options: DeleteServiceOptions = {},
): boolean {
  return db
    .transaction(() => {
      const key = { service, env };
      const { changes } = db
        .prepare('DELETE FROM services WHERE service = @service AND env = @env')
        .run(key);
      db.prepare('DELETE FROM env_vars WHERE service = @service AND env = @env').run(key);
      db.prepare('DELETE FROM deploy_locks WHERE service = @service AND env = @env').run(key);
      if (options.purge) {
        db.prepare(
          `DELETE FROM build_log_lines WHERE deployment_id IN
             (SELECT id FROM deployments WHERE service = @service AND env = @env)`,
        ).run(key);
        db.prepare('DELETE FROM deployments WHERE service = @service AND env = @env').run(key);
        db.prepare('DELETE FROM releases WHERE service = @service AND env = @env').run(key);
      }
      return changes > 0;
    })
    .immediate();
}

interface Row {
  service: string;
  env: string;
  state: ServiceState;
  live_deployment_id: number | null;
  created_at: number;
  updated_at: number;
}

function toServiceRow(row: Row): ServiceRow {
  return {
    service: row.service,
    env: row.env,
    state: row.state,
    liveDeploymentId: row.live_deployment_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
