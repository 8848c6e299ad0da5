// The dynamic configuration as data: routers per url, the service per upstream list, the shared file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMypaasError } from '../../../../src/core/errors.js';
import type { Route } from '../../../../src/daemon/routing/router.js';
import {
  dynamicFileName,
  renderTraefikRoute,
  renderTraefikShared,
  traefikServiceName,
} from '../../../../src/daemon/routing/traefik/render-dynamic.js';

interface Router {
  entryPoints: string[];
  rule: string;
  service: string;
  middlewares?: string[];
  tls?: { certResolver: string };
}
interface Rendered {
  http: {
    routers: Record<string, Router>;
    services: Record<string, { loadBalancer?: unknown; weighted?: unknown }>;
  };
}

const upstream = { url: 'http://172.18.0.2:8080', weight: 1 };

function render(urls: string[], upstreams = [upstream]): Rendered {
  return renderTraefikRoute({
    service: 'web',
    env: 'production',
    urls,
    upstreams,
  }) as unknown as Rendered;
}

void test('an https url gets a websecure router with a certificate and HSTS, and a redirect on web', () => {
  const { routers } = render(['https://example.com']).http;
  assert.deepEqual(routers, {
    'mypaas-web_production-0-https': {
      entryPoints: ['websecure'],
      rule: 'Host(`example.com`)',
      service: 'mypaas-web_production',
      middlewares: ['mypaas-hsts@file'],
      tls: { certResolver: 'letsencrypt' },
    },
    'mypaas-web_production-0-redirect': {
      entryPoints: ['web'],
      rule: 'Host(`example.com`)',
      service: 'mypaas-web_production',
      middlewares: ['mypaas-https-redirect@file'],
    },
  });
});

void test('an http url gets one plain web router; the same host over https is then not redirected', () => {
  const { routers } = render([
    'http://a.example.com',
    'https://b.example.com',
    'http://b.example.com',
  ]).http;
  assert.deepEqual(routers['mypaas-web_production-0-http'], {
    entryPoints: ['web'],
    rule: 'Host(`a.example.com`)',
    service: 'mypaas-web_production',
  });
  assert.deepEqual(Object.keys(routers).sort(), [
    'mypaas-web_production-0-http',
    'mypaas-web_production-1-https',
    'mypaas-web_production-2-http',
  ]);
});

void test('path urls match host and path on segment boundaries, unstripped; a longer prefix makes a longer rule', () => {
  const { routers } = render(['https://example.com/api', 'https://example.com/api/v2']).http;
  const short = routers['mypaas-web_production-0-https'];
  const long = routers['mypaas-web_production-1-https'];
  assert.equal(short?.rule, 'Host(`example.com`) && (Path(`/api`) || PathPrefix(`/api/`))');
  assert.equal(long?.rule, 'Host(`example.com`) && (Path(`/api/v2`) || PathPrefix(`/api/v2/`))');
  // Traefik's default priority is the rule's length: no explicit priority, so /api/v2 wins its paths.
  assert.ok(long.rule.length > short.rule.length);
  for (const r of Object.values(routers)) {
    assert.equal((r as { priority?: number }).priority, undefined);
    assert.ok(!(r.middlewares ?? []).some((m) => /strip/i.test(m)), 'paths pass through unchanged');
  }
});

void test('the service lists the upstreams, weight only when it is not 1, with the Host header kept', () => {
  const upstreams = [upstream, { url: 'http://172.18.0.3:8080', weight: 3 }];
  const { services } = render(['https://example.com'], upstreams).http;
  assert.deepEqual(services, {
    'mypaas-web_production': {
      loadBalancer: {
        servers: [{ url: 'http://172.18.0.2:8080' }, { url: 'http://172.18.0.3:8080', weight: 3 }],
        passHostHeader: true,
      },
    },
  });
});

void test('no upstreams keeps the routers and gives them a service with nothing behind it (503)', () => {
  const rendered = render(['https://example.com'], []);
  assert.equal(Object.keys(rendered.http.routers).length, 2);
  assert.deepEqual(rendered.http.services, {
    'mypaas-web_production': { weighted: { services: [] } },
  });
});

void test('repeated urls render once', () => {
  const { routers } = render(['https://example.com', 'https://example.com']).http;
  assert.equal(Object.keys(routers).length, 2);
});

void test('names: one file per (service, env), one Traefik service name, never shared', () => {
  assert.equal(dynamicFileName('my.app_1', 'staging'), 'my.app_1_staging.toml');
  assert.equal(traefikServiceName('my.app_1', 'staging'), 'mypaas-my.app_1_staging');
  // Dashes may appear in both parts; environments never hold `_`, so these stay apart.
  assert.notEqual(traefikServiceName('a-b', 'c'), traefikServiceName('a', 'b-c'));
  assert.notEqual(dynamicFileName('a-b', 'c'), dynamicFileName('a', 'b-c'));
});

void test('a url that was not normalised (or could break out of a rule) is an internal error', () => {
  for (const url of ['ftp://example.com', 'https://exa`mple.com', 'https://example.com/a`)']) {
    const route: Route = { service: 'web', env: 'production', urls: [url], upstreams: [] };
    assert.throws(
      () => renderTraefikRoute(route),
      (err: unknown) => isMypaasError(err, 'INTERNAL'),
      url,
    );
  }
});

void test('the shared file: permanent https redirect, HSTS for a year, TLS 1.2 at least', () => {
  assert.deepEqual(renderTraefikShared(), {
    http: {
      middlewares: {
        'mypaas-https-redirect': { redirectScheme: { scheme: 'https', permanent: true } },
        'mypaas-hsts': {
          headers: {
            stsSeconds: 31536000,
            stsIncludeSubdomains: true,
            stsPreload: false,
            forceSTSHeader: true,
          },
        },
      },
    },
    tls: { options: { default: { minVersion: 'VersionTLS12' } } },
  });
  const moved = renderTraefikShared(8443) as { http: { middlewares: Record<string, unknown> } };
  assert.deepEqual(moved.http.middlewares['mypaas-https-redirect'], {
    redirectScheme: { scheme: 'https', permanent: true, port: '8443' },
  });
});
