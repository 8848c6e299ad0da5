// Everything the driver renders against Traefik's own JSON schemas (SchemaStore), since Traefik
// cannot run here; and proof that the schemas do reject what Traefik would refuse.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from '@iarna/toml';
import {
  renderTraefikRouteToml,
  renderTraefikSharedToml,
} from '../../../../src/daemon/routing/traefik/render-dynamic.js';
import {
  renderTraefikStatic,
  renderTraefikStaticToml,
} from '../../../../src/daemon/routing/traefik/render-static.js';
import { GOLDEN_ROUTES, loadValidators, schemaErrors } from './fixtures.js';

const staticOptions = {
  email: 'ops@example.com',
  httpPort: 80,
  httpsPort: 443,
  apiPort: 8099,
  dynamicDir: '/etc/traefik/dynamic',
  acmeStorage: '/etc/traefik/acme/acme.json',
};

void test('every rendered route file and the shared file, parsed back from TOML, fit the file-provider schema', () => {
  const { dynamicConfig } = loadValidators();
  const files = GOLDEN_ROUTES.map(({ file, route }) => ({
    file,
    toml: renderTraefikRouteToml(route),
  }));
  files.push({ file: '_mypaas.toml', toml: renderTraefikSharedToml() });
  files.push({ file: '_mypaas.toml (port 8443)', toml: renderTraefikSharedToml(8443) });
  for (const { file, toml } of files) {
    assert.ok(dynamicConfig(parse(toml)), `${file}: ${schemaErrors(dynamicConfig)}`);
  }
});

void test('the static config, parsed back from TOML, fits the static schema, with or without an email', () => {
  const { staticConfig } = loadValidators();
  for (const email of ['ops@example.com', '']) {
    const toml = renderTraefikStaticToml({ ...staticOptions, email });
    assert.ok(staticConfig(parse(toml)), schemaErrors(staticConfig));
  }
});

void test('the schemas reject broken configs: unknown keys, wrong types, a load balancer with no servers', () => {
  const { dynamicConfig, staticConfig } = loadValidators();
  const router = { rule: 'Host(`a.example.com`)', service: 's' };
  const server = { loadBalancer: { servers: [{ url: 'http://10.0.0.1' }] } };
  const broken: [string, unknown][] = [
    [
      'unknown router key',
      { http: { routers: { r: { ...router, tsl: {} } }, services: { s: server } } },
    ],
    ['priority as a string', { http: { routers: { r: { ...router, priority: '10' } } } }],
    ['router without service', { http: { routers: { r: { rule: router.rule } } } }],
    ['empty servers list', { http: { services: { s: { loadBalancer: { servers: [] } } } } }],
    ['two service kinds', { http: { services: { s: { ...server, weighted: { services: [] } } } } }],
    [
      'unknown middleware',
      { http: { middlewares: { m: { redirectSchema: { scheme: 'https' } } } } },
    ],
    ['stsSeconds as a string', { http: { middlewares: { m: { headers: { stsSeconds: '1' } } } } }],
  ];
  for (const [what, config] of broken) {
    assert.equal(dynamicConfig(config), false, `accepted: ${what}`);
  }
  const good = renderTraefikStatic(staticOptions);
  const staticBroken: [string, unknown][] = [
    ['unknown entrypoint key', { ...good, entryPoints: { web: { address: ':80', port: 80 } } }],
    ['api.insecure as a string', { ...good, api: { insecure: 'yes' } }],
    ['unknown acme key', { ...good, certificatesResolvers: { le: { acme: { mail: 'a@b.c' } } } }],
  ];
  for (const [what, config] of staticBroken) {
    assert.equal(staticConfig(config), false, `accepted: ${what}`);
  }
});
