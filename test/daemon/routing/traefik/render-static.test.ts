// The static configuration as data: what Traefik listens on, where the API is, how certificates come.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from '@iarna/toml';
import {
  renderTraefikStatic,
  renderTraefikStaticToml,
} from '../../../../src/daemon/routing/traefik/render-static.js';

const options = {
  email: 'ops@example.com',
  httpPort: 8080,
  httpsPort: 8443,
  apiPort: 9099,
  dynamicDir: '/etc/traefik/dynamic',
  acmeStorage: '/etc/traefik/acme/acme.json',
};

void test('entrypoints come from the ports; the API and ping sit on loopback only, no dashboard', () => {
  const config = renderTraefikStatic(options);
  assert.deepEqual(config.entryPoints, {
    web: { address: ':8080', asDefault: true },
    websecure: { address: ':8443', asDefault: true },
    traefik: { address: '127.0.0.1:9099' },
  });
  assert.deepEqual(config.api, { insecure: true, dashboard: false });
  assert.deepEqual(config.ping, { entryPoint: 'traefik' });
  assert.deepEqual(config.global, { checkNewVersion: false, sendAnonymousUsage: false });
  assert.deepEqual(config.log, { level: 'INFO' });
});

void test('one ACME resolver over HTTP-01 with EC256 keys; routes come from the watched directory', () => {
  const config = renderTraefikStatic(options);
  assert.deepEqual(config.certificatesResolvers, {
    letsencrypt: {
      acme: {
        email: 'ops@example.com',
        storage: '/etc/traefik/acme/acme.json',
        keyType: 'EC256',
        httpChallenge: { entryPoint: 'web' },
      },
    },
  });
  assert.deepEqual(config.providers, {
    providersThrottleDuration: '200ms',
    file: { directory: '/etc/traefik/dynamic', watch: true },
  });
  const noEmail = renderTraefikStatic({ ...options, email: '' }) as {
    certificatesResolvers: { letsencrypt: { acme: Record<string, unknown> } };
  };
  assert.equal('email' in noEmail.certificatesResolvers.letsencrypt.acme, false);
});

void test('the TOML file parses back to exactly the data', () => {
  assert.deepEqual(parse(renderTraefikStaticToml(options)), renderTraefikStatic(options));
});

void test('acme_ca_server becomes the resolver caServer; without it Traefik keeps its default', () => {
  type Acme = { certificatesResolvers: { letsencrypt: { acme: Record<string, unknown> } } };
  const pebble = renderTraefikStatic({ ...options, caServer: 'https://127.0.0.1:14000/dir' });
  assert.equal(
    (pebble as Acme).certificatesResolvers.letsencrypt.acme.caServer,
    'https://127.0.0.1:14000/dir',
  );
  assert.equal(
    'caServer' in (renderTraefikStatic(options) as Acme).certificatesResolvers.letsencrypt.acme,
    false,
  );
});
