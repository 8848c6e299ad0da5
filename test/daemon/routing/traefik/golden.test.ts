// The files the Traefik driver writes, byte for byte, against test/fixtures/traefik/golden/.
// After an intended change, rewrite them with `UPDATE_GOLDEN=1 node --test dist/test/daemon/routing/traefik/`
// and review the diff like code.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import {
  renderTraefikRouteToml,
  renderTraefikSharedToml,
} from '../../../../src/daemon/routing/traefik/render-dynamic.js';
import { renderTraefikStaticToml } from '../../../../src/daemon/routing/traefik/render-static.js';
import { TRAEFIK_PATHS } from '../../../../src/daemon/routing/traefik/traefik-container.js';
import { FIXTURES, GOLDEN_ROUTES } from './fixtures.js';

/** The static config server init would write for the default ports. */
const STATIC_OPTIONS = {
  email: 'ops@example.com',
  httpPort: 80,
  httpsPort: 443,
  apiPort: 8099,
  dynamicDir: TRAEFIK_PATHS.dynamicDir,
  acmeStorage: TRAEFIK_PATHS.acmeStorage,
};

const update = process.env.UPDATE_GOLDEN === '1';

async function matchesGolden(file: string, rendered: string): Promise<void> {
  const path = `${FIXTURES}golden/${file}`;
  if (update) await writeFile(path, rendered);
  const golden = await readFile(path, 'utf8').catch(() => '');
  assert.equal(rendered, golden, `${file} differs; if intended, run with UPDATE_GOLDEN=1`);
}

void test('every representative route renders exactly its golden file', async () => {
  for (const { file, route } of GOLDEN_ROUTES) {
    await matchesGolden(file, renderTraefikRouteToml(route));
  }
});

void test('the shared file and the static config render exactly their golden files', async () => {
  await matchesGolden('_mypaas.toml', renderTraefikSharedToml());
  await matchesGolden('traefik.toml', renderTraefikStaticToml(STATIC_OPTIONS));
});
