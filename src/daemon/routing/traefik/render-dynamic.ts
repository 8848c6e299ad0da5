// One (service, env) as a Traefik file-provider file, and the shared file its routers rely on.
// Pure: the driver writes what these return.
import { stringify, type JsonMap } from '@iarna/toml';
import { MypaasError } from '../../../core/errors.js';
import { parseRouteUrl } from '../../../core/route-url.js';
import type { Route, Upstream } from '../router.js';
import { CERT_RESOLVER } from './render-static.js';

/** The file holding what every route shares; services start with a letter or digit, never `_`. */
export const SHARED_FILE_NAME = '_mypaas.toml';

const REDIRECT = 'mypaas-https-redirect';
const HSTS = 'mypaas-hsts';
// No backquote: it would end the quoted value inside a rule.
const URL_SHAPE = /^(https?):\/\/([^/`]+)(\/[^`]*)?$/;

// Environment names never hold `_`, so `<service>_<env>` names one (service, env) and no other.

/** The Traefik service of (service, env); the API names it with an `@file` suffix. */
export function traefikServiceName(service: string, env: string): string {
  return `mypaas-${service}_${env}`;
}

/** The file of (service, env) in the watched directory: one file each, replaced whole. */
export function dynamicFileName(service: string, env: string): string {
  return `${service}_${env}.toml`;
}

/** Routers for every url of the route and one service with exactly its upstreams. */
export function renderTraefikRoute(route: Route): JsonMap {
  const name = traefikServiceName(route.service, route.env);
  const targets = [...new Set(route.urls)].map(parseUrl);
  // An http:// url for the same host and path is served as asked instead of being redirected.
  const plain = new Set(targets.filter((t) => t.scheme === 'http').map((t) => t.rule));
  const routers: JsonMap = {};
  targets.forEach((target, i) => {
    const base = `${name}-${i}`;
    // No priority: Traefik ranks by rule length, so a longer path prefix wins over a shorter one.
    const on = (entryPoint: string, middleware?: string): JsonMap => ({
      entryPoints: [entryPoint],
      rule: target.rule,
      service: name,
      ...(middleware === undefined ? {} : { middlewares: [`${middleware}@file`] }),
    });
    if (target.scheme === 'http') {
      routers[`${base}-http`] = on('web');
      return;
    }
    routers[`${base}-https`] = { ...on('websecure', HSTS), tls: { certResolver: CERT_RESOLVER } };
    if (!plain.has(target.rule)) routers[`${base}-redirect`] = on('web', REDIRECT);
  });
  return { http: { routers, services: { [name]: renderService(route.upstreams) } } };
}

/** The route's file as written to disk. */
export function renderTraefikRouteToml(route: Route): string {
  const header = `# Written by mypaas for ${route.service} (${route.env}); replaced on every change.\n`;
  return header + stringify(renderTraefikRoute(route));
}

/** Middlewares and TLS options every route uses; `httpsPort` only shows in redirects when not 443. */
export function renderTraefikShared(httpsPort = 443): JsonMap {
  const port: JsonMap = httpsPort === 443 ? {} : { port: String(httpsPort) };
  return {
    http: {
      middlewares: {
        [REDIRECT]: { redirectScheme: { scheme: 'https', permanent: true, ...port } },
        [HSTS]: {
          headers: {
            stsSeconds: 31536000,
            stsIncludeSubdomains: true,
            stsPreload: false,
            forceSTSHeader: true,
          },
        },
      },
    },
    // `default` applies to every TLS router that names no other options.
    tls: { options: { default: { minVersion: 'VersionTLS12' } } },
  };
}

/** The shared file as written to disk. */
export function renderTraefikSharedToml(httpsPort = 443): string {
  const header = '# Written by mypaas: what every mypaas route uses. Do not edit.\n';
  return header + stringify(renderTraefikShared(httpsPort));
}

function renderService(upstreams: Upstream[]): JsonMap {
  // The schema wants at least one server in a loadBalancer. A weighted service over nothing is
  // valid, keeps the routers, and Traefik's balancer answers it with 503 "no available server".
  if (upstreams.length === 0) return { weighted: { services: [] } };
  const servers = upstreams.map((u): JsonMap =>
    u.weight === 1 ? { url: u.url } : { url: u.url, weight: u.weight },
  );
  return { loadBalancer: { servers, passHostHeader: true } };
}

function parseUrl(url: string): { scheme: 'http' | 'https'; rule: string } {
  const parsed = URL_SHAPE.test(url) ? parseRouteUrl(url) : null;
  if (!parsed)
    throw new MypaasError('INTERNAL', `route url ${JSON.stringify(url)} is not normalised`);
  const { scheme, host, path } = parsed;
  const hostRule = `Host(\`${host}\`)`;
  // On segment boundaries, as HAProxy's rule: /api serves /api and /api/…, never /apix.
  const pathRule = `(Path(\`${path}\`) || PathPrefix(\`${path}/\`))`;
  const rule = path === '' ? hostRule : `${hostRule} && ${pathRule}`;
  return { scheme, rule };
}
