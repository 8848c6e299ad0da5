// Release ids: sortable by time, readable in `docker images`, unique per service.
import { randomBytes } from 'node:crypto';

/** `20261122-011616-a3f9`: UTC time of the build plus 4 random hex digits. */
export function newReleaseId(
  now: number,
  random: () => string = () => randomBytes(2).toString('hex'),
): string {
  const iso = new Date(now).toISOString(); // 2026-11-22T01:16:16.123Z
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  return `${stamp}-${random()}`;
}

/** The immutable image tag of a release. */
export function releaseImage(service: string, release: string): string {
  return `${service}:${release}`;
}
