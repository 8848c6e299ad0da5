// The host names that need a certificate: those of https urls, once each.
import { parseRouteUrl } from '../../core/route-url.js';

/** The distinct hosts of the https urls among `urls`, in first-seen order. */
export function httpsHosts(urls: readonly string[]): string[] {
  const hosts = urls.map(parseRouteUrl).flatMap((u) => (u?.scheme === 'https' ? [u.host] : []));
  return [...new Set(hosts)];
}
