// What a key may do: admins everything; deployers only their services, and only Dockerfiles that
// neither publish host ports nor mount anything outside their service's own volume directory.
import { join } from 'node:path';
import { MypaasError, isMypaasError } from '../../core/errors.js';
import type { ServiceSpec } from '../../parse/spec.js';
import { checkVolumesOnDisk } from '../deploy/prepare-volumes.js';
import type { Engine } from '../engine.js';
import type { KeyRecord } from '../state/keys.js';

/** Whether `key` may act on `service`. */
export function mayTouch(key: KeyRecord, service: string): boolean {
  return key.role === 'admin' || key.services.includes(service);
}

/** Throws PERMISSION_DENIED unless `key` may act on `service`. */
export function assertMayTouch(key: KeyRecord, service: string): void {
  if (mayTouch(key, service)) return;
  throw new MypaasError('PERMISSION_DENIED', `the key ${key.name} may not act on ${service}`, {
    hint: `it may act on: ${key.services.join(', ') || 'no service'}; an admin can widen it with mypaas server keys`,
  });
}

/** Throws PERMISSION_DENIED unless `key` is an admin key. */
export function assertAdmin(key: KeyRecord, what: string): void {
  if (key.role === 'admin') return;
  throw new MypaasError(
    'PERMISSION_DENIED',
    `${what} needs an admin key; ${key.name} is a deployer key`,
    {
      hint: 'ask an admin of this host',
    },
  );
}

/** The directory a deployer's volumes must live in: $MYPAAS_HOME/volumes/<service>. */
export function deployerVolumeRoot(engine: Engine, service: string): string {
  return join(engine.home, 'volumes', service);
}

/** Checks a pushed Dockerfile's spec against the key: service, host ports, volumes. */
export async function assertMayDeploy(
  engine: Engine,
  key: KeyRecord,
  spec: ServiceSpec,
): Promise<void> {
  assertMayTouch(key, spec.service);
  if (key.role === 'admin') return;
  if (spec.publish.length > 0) {
    throw new MypaasError('PERMISSION_DENIED', `a deployer key may not publish host ports`, {
      details: spec.publish.map((p) => `mypaas.publish=${p}`),
      hint: 'remove the mypaas.publish lines, or ask an admin to deploy it',
    });
  }
  const root = deployerVolumeRoot(engine, spec.service);
  const policy = { allowedRoots: [root], home: engine.home, userHome: engine.userHome };
  try {
    await checkVolumesOnDisk(spec.volumes, policy);
  } catch (err) {
    if (!isMypaasError(err, 'VOLUME_NOT_ALLOWED')) throw err;
    throw new MypaasError(
      'PERMISSION_DENIED',
      `a deployer key may only mount directories under ${root}`,
      {
        details: err.details,
        hint: `use e.g. # mypaas.volume=${root}/data:/data, or ask an admin to deploy it`,
      },
    );
  }
}
