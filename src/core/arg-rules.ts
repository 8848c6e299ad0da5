// The rules for arguments every way in shares (host CLI, SSH words, the HTTP API to come), so a
// value is accepted or refused the same everywhere, with the same message.
import { MypaasError } from './errors.js';

const ENV_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** `--env NAME`: lowercase letters, digits and `-`, at most 32. */
export function parseEnvName(value: unknown): string {
  if (typeof value === 'string' && ENV_NAME.test(value)) return value;
  throw new MypaasError('USAGE', `--env ${JSON.stringify(value)} is not an environment name`, {
    hint: 'use lowercase letters, digits and -, e.g. --env staging',
  });
}

/** `--NAME N`: a whole number of at most 9 digits, at least `min`. */
export function parseWholeNumber(name: string, value: unknown, min = 0): number {
  if (typeof value === 'string' && /^\d{1,9}$/.test(value) && Number(value) >= min) {
    return Number(value);
  }
  throw new MypaasError(
    'USAGE',
    `--${name} ${JSON.stringify(value)} is not a whole number >= ${min}`,
    {
      hint: `e.g. --${name} ${Math.max(min, 20)}`,
    },
  );
}
