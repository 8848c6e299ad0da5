// `# mypaas.volume=HOST:CONTAINER[:ro]`: a bind mount; host paths are checked again at deploy time.
import type { VolumeSpec } from '../spec.js';
import { accept, reject, type RuleResult } from './rule.js';

/** Checks a bind mount: HOST absolute or `~/…`, CONTAINER absolute, optional `:ro` or `:rw`. */
export function checkVolume(value: string): RuleResult<VolumeSpec> {
  const parts = value.split(':');
  if (parts.length < 2 || parts.length > 3) {
    return reject('must be HOST:CONTAINER or HOST:CONTAINER:ro');
  }
  const [host = '', container = '', mode = 'rw'] = parts;
  if (!host.startsWith('/') && !host.startsWith('~/')) {
    return reject(`has host path "${host}"; it must be absolute or start with ~/`);
  }
  if (!container.startsWith('/')) {
    return reject(`has container path "${container}"; it must be absolute`);
  }
  if (mode !== 'ro' && mode !== 'rw') return reject(`has mode "${mode}"; use ro or rw`);
  const tidy = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  return accept({ host: tidy(host), container: tidy(container), readOnly: mode === 'ro' });
}
