// The one rule for "does this host know that service": every command that names a service asks
// here, so an unknown name fails the same way everywhere, with the nearest known name.
import type Database from 'better-sqlite3';
import { MypaasError } from '../core/errors.js';
import { nearestName } from '../core/nearest-name.js';
import { getService, listKnownTargets, type KnownTarget } from './state/services.js';
import type { ServiceRow } from './state/types.js';

/** Which names an unknown-service error may mention; a deployer key is told only of its own. */
export interface KnownServiceOptions {
  visible?: (service: string) => boolean;
}

/**
 * The services row of (service, env): what status, logs, stop, start, rollback and redeploy act
 * on. Its first deployment makes it, live or not; rm takes it away. Else SERVICE_NOT_FOUND.
 */
export function requireOnHost(
  db: Database.Database,
  service: string,
  env: string,
  options: KnownServiceOptions = {},
): ServiceRow {
  const row = getService(db, service, env);
  if (row) return row;
  throw unknownService(db, service, env, options);
}

/**
 * What the host keeps of `service` (in `env`, or in any env when it is undefined): a services
 * row, deployment history, or env values set before a first deploy. What deployments, logs
 * --deployment, env list/unset and rm accept. Else SERVICE_NOT_FOUND.
 */
export function requireKnown(
  db: Database.Database,
  service: string,
  env: string | undefined,
  options: KnownServiceOptions = {},
): KnownTarget[] {
  const known = knownOf(db, service, env, options);
  if (known.length > 0) return known;
  throw unknownService(db, service, env, options);
}

/** Whether (service, env) has had any deployment: env values set before it wait for the first. */
export function hasDeployments(db: Database.Database, service: string, env: string): boolean {
  return knownOf(db, service, env, {}).some((t) => t.history);
}

/** SERVICE_NOT_FOUND for `service` (in `env`), hinting at what the caller may have meant. */
export function unknownService(
  db: Database.Database,
  service: string,
  env: string | undefined,
  options: KnownServiceOptions = {},
): MypaasError {
  const visible = options.visible ?? (() => true);
  const targets = listKnownTargets(db).filter((t) => visible(t.service));
  const where = env === undefined ? '' : ` in environment ${env}`;
  const same = targets.filter((t) => t.service === service);
  const removed = same.find((t) => (env === undefined || t.env === env) && t.history);
  if (removed) {
    const target = `${service} (${removed.env})`;
    return new MypaasError('SERVICE_NOT_FOUND', `${target} was removed from this host`, {
      hint: `its deployment history is kept: see deployments ${service}; rm ${service} --purge --yes forgets it`,
    });
  }
  const onHost = same.filter((t) => t.onHost).map((t) => t.env);
  if (onHost.length > 0) {
    return new MypaasError('SERVICE_NOT_FOUND', `no service ${service}${where}`, {
      hint: `${service} runs in ${onHost.join(', ')}: add --env ${onHost[0] ?? ''}`,
    });
  }
  const nearest = nearestName(service, new Set(targets.map((t) => t.service)));
  return new MypaasError('SERVICE_NOT_FOUND', `no service ${service}${where}`, {
    hint: nearest === null ? 'status lists the services on this host' : `did you mean ${nearest}?`,
  });
}

function knownOf(
  db: Database.Database,
  service: string,
  env: string | undefined,
  options: KnownServiceOptions,
): KnownTarget[] {
  if (options.visible && !options.visible(service)) return [];
  return listKnownTargets(db, service).filter((t) => env === undefined || t.env === env);
}
