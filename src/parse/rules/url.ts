// `# mypaas.url=`: where the proxy sends traffic from; normalised so duplicates can be spotted.
import { normaliseHost, normalisePath } from '../../core/route-url.js';
import { accept, reject, type RuleResult } from './rule.js';

const SHAPE = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const PATH = /^[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/;

/**
 * Checks an http(s) URL and returns its one normal form (core/route-url.ts): lowercase scheme,
 * punycode host without a trailing dot, a path with single slashes, no needless escapes and no
 * trailing slash.
 */
export function checkUrl(value: string): RuleResult<string> {
  const match = SHAPE.exec(value);
  if (!match) return reject('is not a URL; write the scheme, the host and an optional path');
  const [, rawScheme = '', authority = '', rawPath = '', query, fragment] = match;
  const scheme = rawScheme.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return reject(`uses "${rawScheme}://"; only http:// and https:// can be routed`);
  }
  if (query !== undefined)
    return reject('has a query string ("?…"); routes match host and path only');
  if (fragment !== undefined) return reject('has a fragment ("#…"); browsers never send it');
  if (authority.includes('@'))
    return reject('holds user info ("user@"); it is not allowed in a route');
  if (authority.includes(':')) {
    return reject('names a port; the proxy owns ports 80 and 443, so leave the port out');
  }
  if (authority.includes('*')) {
    return reject('has a wildcard host; name each host in its own mypaas.url line');
  }
  const host = normaliseHost(authority);
  if (!isHostname(host))
    return reject(`has "${authority}" as host, which is not a valid host name`);
  if (!PATH.test(rawPath)) return reject('has characters in its path that must be percent-encoded');
  const path = normalisePath(rawPath);
  // Checked after decoding: `%2e%2e` is `..` to every server behind the proxy.
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) {
    return reject('has "." or ".." in its path');
  }
  return accept(`${scheme}://${host}${path}`);
}

function isHostname(host: string): boolean {
  return host.length > 0 && host.length <= 253 && host.split('.').every((l) => LABEL.test(l));
}
