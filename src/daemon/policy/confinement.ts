// Which services are tenants' services: the deployer rules (volumes, images, secrets, limits)
// apply to them at every deploy and every later start, whoever triggers it.
import type Database from 'better-sqlite3';
import { listKeys } from '../state/keys.js';

/** The services some deployer key may deploy: a tenant may run code in them. */
export function deployerServices(db: Database.Database): Set<string> {
  const services = new Set<string>();
  for (const key of listKeys(db)) {
    if (key.role === 'deployer') key.services.forEach((s) => services.add(s));
  }
  return services;
}

/** Whether the deployer rules apply to `service`: a deployer key may deploy it, or the release
 * about to run was built for one (its rules follow it after the key's scope changes). */
export function isConfined(
  db: Database.Database,
  service: string,
  release?: { confined: boolean },
): boolean {
  return release?.confined === true || deployerServices(db).has(service);
}
