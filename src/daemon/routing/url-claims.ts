// Which (service, env) owns which host+path, so two services never claim the same url.
import { MypaasError } from '../../core/errors.js';

/** The urls one (service, env) routes. */
export interface UrlClaim {
  service: string;
  env: string;
  urls: string[];
}

/** Host and path of a url, scheme left out: http and https of one host+path are one claim. */
export function claimKey(url: string): string {
  const { host, pathname } = new URL(url);
  return `${host}${pathname === '/' ? '' : pathname}`;
}

/** Every url of `candidate` already claimed by another (service, env). Pure. */
export function findUrlConflicts(
  claims: UrlClaim[],
  candidate: UrlClaim,
): { url: string; owner: UrlClaim }[] {
  const owners = new Map<string, UrlClaim>();
  for (const claim of claims) {
    if (claim.service === candidate.service && claim.env === candidate.env) continue;
    for (const url of claim.urls) owners.set(claimKey(url), claim);
  }
  return candidate.urls.flatMap((url) => {
    const owner = owners.get(claimKey(url));
    return owner ? [{ url, owner }] : [];
  });
}

/** Throws URL_CONFLICT naming the other service for each url `candidate` may not have. */
export function assertNoUrlConflicts(claims: UrlClaim[], candidate: UrlClaim): void {
  const conflicts = findUrlConflicts(claims, candidate);
  if (conflicts.length === 0) return;
  throw new MypaasError('URL_CONFLICT', `${candidate.service} claims urls another service serves`, {
    details: conflicts.map(
      ({ url, owner }) => `${url} is served by ${owner.service} (${owner.env})`,
    ),
    hint: 'give each service its own host or path, or remove the url from the other service first',
  });
}
