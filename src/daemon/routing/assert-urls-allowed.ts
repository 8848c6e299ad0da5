// The deploy-time face of the url rules: a refused claim stops the deploy with what to do about it.
import { MypaasError } from '../../core/errors.js';
import { describeRefusal, findUrlRefusals, type SharedHosts, type UrlClaim } from './url-claims.js';

/** Throws URL_CONFLICT naming each url `candidate` may not serve, its owner and the way out. */
export function assertUrlsAllowed(
  claims: readonly UrlClaim[],
  candidate: UrlClaim,
  shared: SharedHosts,
): void {
  const refusals = findUrlRefusals(claims, candidate, shared);
  if (refusals.length === 0) return;
  const foreign = refusals.find((r) => r.kind === 'foreign-host');
  const hint = foreign
    ? `a host belongs to the service that claimed it first; to let ${candidate.service} serve ` +
      `paths on it an admin adds to config.toml: [routing] shared_hosts = { "${foreign.host}" = ` +
      `["${foreign.owner.service}", "${candidate.service}"] } and restarts the daemon ` +
      '(or give this service a host of its own)'
    : 'give each service its own host or path, or remove the url from the other service first';
  throw new MypaasError(
    'URL_CONFLICT',
    `${candidate.service} (${candidate.env}) claims urls another service serves`,
    { details: refusals.map(describeRefusal), hint },
  );
}
