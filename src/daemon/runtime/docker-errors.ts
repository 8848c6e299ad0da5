// Turns dockerode's errors into MypaasErrors that say what mypaas was doing when Docker failed.
import { MypaasError } from '../../core/errors.js';

// Socket errors that mean "no engine here" rather than "the engine refused this call".
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'EPERM', 'ENOTFOUND']);

/** The HTTP status of a dockerode error, or undefined for a transport error. */
export function statusCode(err: unknown): number | undefined {
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** Docker's own words for a failure, without docker-modem's "(HTTP code …) reason - " prefix. */
export function dockerMessage(err: unknown): string {
  const json = (err as { json?: unknown } | null)?.json;
  const fromJson = (json as { message?: unknown } | null)?.message;
  if (typeof fromJson === 'string' && fromJson.trim() !== '') return fromJson.trim();
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/** What to tell a person whose engine does not answer, depending on how it failed. */
export function unavailableHint(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const start =
    'Is dockerd running? Start it with `systemctl start docker` (or `dockerd &` as root), ' +
    'and check DOCKER_HOST if you set it.';
  const access =
    'This user may not use the Docker socket: run mypaas as root, or add the user to the ' +
    '`docker` group (`usermod -aG docker <user>`) and log in again.';
  if (code === 'EACCES' || code === 'EPERM') return access;
  if (code === 'ECONNREFUSED' || code === 'ENOENT') return start;
  return `${start} ${access}`;
}

/** Wraps an unexpected dockerode error with what was being done; a lost engine is DOCKER_UNAVAILABLE. */
export function dockerFailure(doing: string, err: unknown): MypaasError {
  const code = (err as { code?: unknown } | null)?.code;
  if (statusCode(err) === undefined && typeof code === 'string' && UNREACHABLE_CODES.has(code)) {
    return new MypaasError(
      'DOCKER_UNAVAILABLE',
      `${doing}: docker engine not reachable (${code})`,
      {
        cause: err,
        hint: unavailableHint(err),
      },
    );
  }
  return new MypaasError('DOCKER_FAILED', `${doing}: ${dockerMessage(err)}`, { cause: err });
}

/** Runs one Docker call; the listed HTTP statuses resolve to undefined, other failures are wrapped. */
export async function tolerating<T>(
  doing: string,
  okStatuses: readonly number[],
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    const status = statusCode(err);
    if (status !== undefined && okStatuses.includes(status)) return undefined;
    throw dockerFailure(doing, err);
  }
}
