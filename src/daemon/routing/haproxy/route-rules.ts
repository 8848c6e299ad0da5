// Which backend a (host, path) goes to on each frontend: the routing table the config renders,
// ordered so that a longer path prefix on a host is checked before a shorter one.
import { MypaasError } from '../../../core/errors.js';
import { parseRouteUrl, type RouteUrl } from '../../../core/route-url.js';
import type { Route } from '../router.js';
import { backendName } from './haproxy-names.js';

/** One routing decision: requests for `host` under `path` ('' = every path) go to `backend`. */
export interface RouteRule {
  host: string;
  path: string;
  backend: string;
}

/** The backend the http frontend uses for urls that must move to https. */
export const HTTPS_REDIRECT_BACKEND = 'mypaas_https_redirect';

/** Rules for the http frontend: http urls served, https urls redirected; longest path first. */
export function httpRules(routes: readonly Route[]): RouteRule[] {
  const served = rulesFor(routes, 'http:');
  const claimed = new Set(served.map(key));
  const redirected = rulesFor(routes, 'https:')
    .filter((r) => !claimed.has(key(r)))
    .map((r) => ({ ...r, backend: HTTPS_REDIRECT_BACKEND }));
  return ordered([...served, ...redirected]);
}

/** Rules for the https frontend: the https urls; longest path first. */
export function httpsRules(routes: readonly Route[]): RouteRule[] {
  return ordered(rulesFor(routes, 'https:'));
}

function rulesFor(routes: readonly Route[], protocol: 'http:' | 'https:'): RouteRule[] {
  const rules: RouteRule[] = [];
  for (const route of routes) {
    const backend = backendName(route.service, route.env);
    for (const raw of route.urls) {
      const url = parseUrl(raw);
      if (`${url.scheme}:` !== protocol) continue;
      rules.push({ host: url.host, path: url.path, backend });
    }
  }
  return rules;
}

// Longest path first; ties broken by host, path and backend so the output is deterministic. The
// first rule for a (host, path) wins: a conflict was refused at deploy, this keeps it stable.
function ordered(rules: RouteRule[]): RouteRule[] {
  const sorted = [...rules].sort(
    (a, b) =>
      b.path.length - a.path.length ||
      compare(a.host, b.host) ||
      compare(a.path, b.path) ||
      compare(a.backend, b.backend),
  );
  const seen = new Set<string>();
  return sorted.filter((r) => !seen.has(key(r)) && Boolean(seen.add(key(r))));
}

function key(rule: RouteRule): string {
  return `${rule.host} ${rule.path}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseUrl(raw: string): RouteUrl {
  const url = parseRouteUrl(raw);
  if (url) return url;
  throw new MypaasError('ROUTE_FAILED', `route url "${raw}" is not http(s)://host[/path]`);
}
