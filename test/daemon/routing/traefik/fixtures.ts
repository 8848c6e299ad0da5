// The Traefik fixtures (schemas, golden files) and the routes the golden files are rendered from.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Route } from '../../../../src/daemon/routing/router.js';

/** test/fixtures/traefik/, found from the compiled test in dist/test/daemon/routing/traefik/. */
export const FIXTURES = fileURLToPath(
  new URL('../../../../../test/fixtures/traefik/', import.meta.url),
);

/** Validators for Traefik's static configuration and its file provider's dynamic configuration. */
export interface TraefikValidators {
  staticConfig: ValidateFunction;
  dynamicConfig: ValidateFunction;
}

/** Compiles the SchemaStore schemas (draft-07, which Ajv's default class speaks) in strict mode. */
export function loadValidators(): TraefikValidators {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  const load = (file: string): object =>
    JSON.parse(readFileSync(`${FIXTURES}schemas/${file}`, 'utf8')) as object;
  return {
    staticConfig: ajv.compile(load('traefik-v3.json')),
    dynamicConfig: ajv.compile(load('traefik-v3-file-provider.json')),
  };
}

/** Ajv's errors in one line, for assertion messages. */
export function schemaErrors(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors ?? []);
}

/** Representative routes, each with the golden file it renders to. */
export const GOLDEN_ROUTES: { file: string; route: Route }[] = [
  {
    file: 'one-https.toml',
    route: {
      service: 'hello',
      env: 'production',
      urls: ['https://hello.example.com'],
      upstreams: [{ url: 'http://172.18.0.2:8080', weight: 1 }],
    },
  },
  {
    file: 'mixed-http-https.toml',
    route: {
      service: 'shop',
      env: 'staging',
      urls: [
        'https://shop.example.com',
        'http://status.example.com',
        'https://www.shop.example.com',
        'http://www.shop.example.com',
      ],
      upstreams: [{ url: 'http://172.18.0.3:3000', weight: 1 }],
    },
  },
  {
    file: 'path-prefixes.toml',
    route: {
      service: 'api',
      env: 'production',
      urls: ['https://example.com/api', 'https://example.com/api/v2'],
      upstreams: [{ url: 'http://172.18.0.4:8000', weight: 1 }],
    },
  },
  {
    file: 'scale-3.toml',
    route: {
      service: 'worker.web_1',
      env: 'production',
      urls: ['https://app.example.com'],
      upstreams: [
        { url: 'http://172.18.0.5:8080', weight: 1 },
        { url: 'http://172.18.0.6:8080', weight: 1 },
        { url: 'http://172.18.0.7:8080', weight: 2 },
      ],
    },
  },
  {
    file: 'no-upstreams.toml',
    route: {
      service: 'hello',
      env: 'review-42',
      urls: ['https://review-42.example.com', 'http://review-42.internal.example.com'],
      upstreams: [],
    },
  },
];
