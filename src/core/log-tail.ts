// The one rule for `--tail N`, checked the same by `server logs`, `logs` and the daemon's `logs`.
import { MypaasError } from './errors.js';

/** `--tail` as given on a command line: a whole number of lines, 0 meaning "none of the old ones". */
export function parseTail(value: unknown): number {
  if (typeof value === 'string' && /^\d{1,9}$/.test(value)) return Number(value);
  throw new MypaasError('USAGE', `--tail ${JSON.stringify(value)} is not a whole number >= 0`, {
    hint: 'e.g. --tail 100; --tail 0 -f shows only lines from now on',
  });
}
