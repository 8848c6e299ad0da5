// What a principal may do: admins everything; deployers only their services, within the tenant rules.
import { MypaasError } from '../../core/errors.js';
import type { ServiceSpec } from '../../parse/spec.js';
import type { Engine } from '../engine.js';
import type { KnownServiceOptions } from '../known-service.js';
import { assertTenantSpec } from '../policy/tenant-rules.js';
import type { Principal } from './principal.js';

/** Whether `key` may act on `service`. */
export function mayTouch(key: Principal, service: string): boolean {
  return key.role === 'admin' || key.services.includes(service);
}

/** The services `key` may be told of, e.g. in a "did you mean" hint: its own, or all for admins. */
export function visibleTo(key: Principal): KnownServiceOptions {
  return { visible: (service) => mayTouch(key, service) };
}

/** Throws PERMISSION_DENIED unless `key` may act on `service`. */
export function assertMayTouch(key: Principal, service: string): void {
  if (mayTouch(key, service)) return;
  throw new MypaasError('PERMISSION_DENIED', `the key ${key.name} may not act on ${service}`, {
    hint: `it may act on: ${key.services.join(', ') || 'no service'}; an admin can widen it with mypaas server keys`,
  });
}

/** Throws PERMISSION_DENIED unless `key` is an admin key. */
export function assertAdmin(key: Principal, what: string): void {
  if (key.role === 'admin') return;
  throw new MypaasError(
    'PERMISSION_DENIED',
    `${what} needs an admin key; ${key.name} is a deployer key`,
    {
      hint: 'ask an admin of this host',
    },
  );
}

/** Checks a pushed Dockerfile's spec against the key before anything is made: its service, and
 * for a deployer the tenant rules (no host ports or directories, replicas and resources capped). */
export function assertMayDeploy(engine: Engine, key: Principal, spec: ServiceSpec): void {
  assertMayTouch(key, spec.service);
  if (key.role === 'deployer') assertTenantSpec(spec, engine.config.deployers);
}
