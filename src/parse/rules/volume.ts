// `# mypaas.volume=SOURCE:CONTAINER[:ro]`: a host directory (absolute or `~/…`, checked again at
// deploy time) or a Docker volume that mypaas creates for the service (a short name like `data`).
import type { VolumeSpec } from '../spec.js';
import { accept, reject, type RuleResult } from './rule.js';

/** A named volume: lowercase letters, digits and `-` (no `_` or `.`, so the Docker volume name
 * mypaas derives from service, environment and this name is never another pair's). */
export const VOLUME_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** Checks a volume: SOURCE a host path or a volume name, CONTAINER absolute, optional `:ro`/`:rw`. */
export function checkVolume(value: string): RuleResult<VolumeSpec> {
  const parts = value.split(':');
  if (parts.length < 2 || parts.length > 3) {
    return reject('must be SOURCE:CONTAINER or SOURCE:CONTAINER:ro');
  }
  const [host = '', container = '', mode = 'rw'] = parts;
  if (!isHostPath(host) && !VOLUME_NAME.test(host)) {
    return reject(
      `has source "${host}"; it must be an absolute host path, one starting with ~/, or a volume name (lowercase letters, digits and -, at most 32)`,
    );
  }
  if (!container.startsWith('/')) {
    return reject(`has container path "${container}"; it must be absolute`);
  }
  if (mode !== 'ro' && mode !== 'rw') return reject(`has mode "${mode}"; use ro or rw`);
  const tidy = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  return accept({ host: tidy(host), container: tidy(container), readOnly: mode === 'ro' });
}

/** True for a bind mount of a host directory; false for a named Docker volume. */
export function isHostPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('~/');
}
