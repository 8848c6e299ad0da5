// The one normal form of a routed url. The Dockerfile parser, url claims and every proxy renderer
// use it, so two spellings of one address (case, a trailing dot, Unicode or punycode, `//`, `%6c`)
// are always one claim and one proxy rule, never two.
import { domainToASCII } from 'node:url';

/** A routed url split into what a proxy matches on. */
export interface RouteUrl {
  scheme: 'http' | 'https';
  /** Lower-case ASCII (punycode), no trailing dot. */
  host: string;
  /** '' for the whole host, else `/a/b`: single slashes, no trailing slash. */
  path: string;
}

const SHAPE = /^(https?):\/\/([^/?#]+)([^?#]*)$/i;

/** A host as proxies compare it: lower case, punycode, no trailing dot; '' when it cannot be one. */
export function normaliseHost(host: string): string {
  const withoutDot = host.endsWith('.') ? host.slice(0, -1) : host;
  return domainToASCII(withoutDot);
}

/**
 * A path as proxies compare it: runs of `/` merged, percent-encoded unreserved characters decoded
 * (`%6c` is `l`), other escapes in upper case, trailing `/` dropped; '' for the root.
 */
export function normalisePath(path: string): string {
  const decoded = path.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /^[A-Za-z0-9._~-]$/.test(char) ? char : escape.toUpperCase();
  });
  const merged = decoded.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return merged === '' || merged.startsWith('/') ? merged : `/${merged}`;
}

/** Splits and normalises `http(s)://host[/path]`; null when it is not one (query, port, no host). */
export function parseRouteUrl(url: string): RouteUrl | null {
  const match = SHAPE.exec(url);
  if (!match) return null;
  const [, scheme = '', authority = '', path = ''] = match;
  if (authority.includes('@') || authority.includes(':')) return null;
  const host = normaliseHost(authority);
  if (host === '') return null;
  return {
    scheme: scheme.toLowerCase() === 'https' ? 'https' : 'http',
    host,
    path: normalisePath(path),
  };
}

/** The url as stored and shown: `scheme://host` plus the path. */
export function formatRouteUrl(url: RouteUrl): string {
  return `${url.scheme}://${url.host}${url.path}`;
}

/** The normal form of a url string, or the string itself when it is no route url. */
export function normaliseRouteUrl(url: string): string {
  const parsed = parseRouteUrl(url);
  return parsed ? formatRouteUrl(parsed) : url;
}
