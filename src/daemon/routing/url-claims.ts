// Who may serve which host+path. A host+path has one (service, env); a host belongs to the
// (service, env) that claimed it first, and another may serve paths on it only when an admin
// lists the host in config.toml `[routing] shared_hosts`. Pure.
import { parseRouteUrl } from '../../core/route-url.js';

/** The urls one (service, env) routes. */
export interface UrlClaim {
  service: string;
  env: string;
  urls: string[];
  /**
   * Per host: the first deployment of the unbroken run of live releases that served it (lower is
   * earlier). Absent for a host it does not serve yet.
   */
  since?: Readonly<Record<string, number>>;
}

/** config.toml `[routing] shared_hosts`: normalised host → the services allowed to serve paths on it. */
export type SharedHosts = Readonly<Record<string, readonly string[]>>;

/** Why one url of a candidate may not be routed. */
export type UrlRefusal =
  | { kind: 'taken'; url: string; owner: UrlClaim }
  | { kind: 'foreign-host'; url: string; host: string; owner: UrlClaim };

/** Host and path in normal form, scheme left out: http and https of one host+path are one claim. */
export function claimKey(url: string): string {
  const parsed = parseRouteUrl(url);
  return parsed ? `${parsed.host}${parsed.path}` : url;
}

/** The host of a url in normal form ('' when it is none). */
export function claimHost(url: string): string {
  return parseRouteUrl(url)?.host ?? '';
}

/** Every url of `candidate` it may not serve beside the other claims. */
export function findUrlRefusals(
  claims: readonly UrlClaim[],
  candidate: UrlClaim,
  shared: SharedHosts,
): UrlRefusal[] {
  const same = (c: UrlClaim) => c.service === candidate.service && c.env === candidate.env;
  const own = claims.find(same);
  const others = claims.filter((c) => !same(c));
  const byKey = new Map<string, UrlClaim>();
  const byHost = new Map<string, UrlClaim[]>();
  for (const claim of others) {
    for (const url of claim.urls) {
      if (!byKey.has(claimKey(url))) byKey.set(claimKey(url), claim);
      const host = claimHost(url);
      const list = byHost.get(host) ?? [];
      if (!list.includes(claim)) byHost.set(host, [...list, claim]);
    }
  }
  return candidate.urls.flatMap((url): UrlRefusal[] => {
    const taken = byKey.get(claimKey(url));
    if (taken) return [{ kind: 'taken', url, owner: taken }];
    const host = claimHost(url);
    const rivals = byHost.get(host) ?? [];
    if (rivals.length === 0 || (shared[host] ?? []).includes(candidate.service)) return [];
    const owner = first(rivals, host);
    if (sinceOf(own, host) < sinceOf(owner, host)) return [];
    return [{ kind: 'foreign-host', url, host, owner }];
  });
}

/** The candidate with only the urls it may serve: what a proxy is allowed to route. */
export function allowedUrls(
  claims: readonly UrlClaim[],
  candidate: UrlClaim,
  shared: SharedHosts,
): string[] {
  const refused = new Set(findUrlRefusals(claims, candidate, shared).map((r) => r.url));
  return candidate.urls.filter((url) => !refused.has(url));
}

/** One line per refusal, naming the owner, for errors and warnings. */
export function describeRefusal(refusal: UrlRefusal): string {
  const owner = `${refusal.owner.service} (${refusal.owner.env})`;
  if (refusal.kind === 'taken') return `${refusal.url} is served by ${owner}`;
  return `${refusal.url}: the host ${refusal.host} belongs to ${owner}, which claimed it first`;
}

// The claim that has served `host` longest; names break ties so the answer never flips.
function first(claims: readonly UrlClaim[], host: string): UrlClaim {
  return [...claims].sort(
    (a, b) =>
      sinceOf(a, host) - sinceOf(b, host) || compare(a.service, b.service) || compare(a.env, b.env),
  )[0] as UrlClaim;
}

function sinceOf(claim: UrlClaim | undefined, host: string): number {
  return claim?.since?.[host] ?? Number.POSITIVE_INFINITY;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
