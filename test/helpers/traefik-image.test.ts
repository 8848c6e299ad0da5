// The Traefik binary `.ci/run` pins is the release of the default `traefik_image`, and the local
// image made from it is the one a second call reuses.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { execa } from 'execa';
import { parseConfig } from '../../src/config/validate-config.js';
import { requireDocker } from './docker.js';
import { ensureTraefikTestImage, TRAEFIK_BINARY } from './traefik-image.js';

const ciRun = new URL('../../../.ci/run', import.meta.url);

void test(".ci/run pins the Traefik release of the default traefik_image's minor, and installed it", async () => {
  const pinned = /^TRAEFIK_VERSION=(\d+)\.(\d+)\.(\d+)$/m.exec(await readFile(ciRun, 'utf8'));
  assert.ok(pinned, '.ci/run sets TRAEFIK_VERSION=x.y.z');
  const parsed = parseConfig('', 'config.toml', { home: '/h', userHome: '/u' });
  assert.ok(parsed.ok);
  const image = parsed.config.proxy.traefikImage;
  assert.equal(image, `traefik:v${pinned[1]}.${pinned[2]}`);
  const { stdout } = await execa(TRAEFIK_BINARY, ['version']);
  assert.match(stdout, new RegExp(`^Version:\\s+${pinned.slice(1).join('\\.')}$`, 'm'));
});

void test('the local Traefik image is made once and reused', async (t) => {
  const docker = await requireDocker(t);
  if (!docker) return;
  const first = await ensureTraefikTestImage(docker);
  const second = await ensureTraefikTestImage(docker);
  assert.equal(second, first);
  const info = await docker.getImage(first).inspect();
  assert.deepEqual(info.Config.Entrypoint, ['/traefik']);
});
