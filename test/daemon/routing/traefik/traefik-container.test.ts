// The Traefik container as data, and getting its image against the real engine, which can reach no
// registry here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMypaasError } from '../../../../src/core/errors.js';
import { imageExists } from '../../../../src/daemon/runtime/docker-images.js';
import {
  ensureTraefikImage,
  TRAEFIK_PATHS,
  traefikContainerOptions,
} from '../../../../src/daemon/routing/traefik/traefik-container.js';
import { ensureBusyboxImage } from '../../../helpers/base-images.js';
import { newRunId, requireDocker } from '../../../helpers/docker.js';

const input = {
  image: 'traefik:v3.6',
  home: '/home/deploy/_mypaas',
  configFile: '/home/deploy/_mypaas/traefik/traefik.toml',
  dynamicDir: '/home/deploy/_mypaas/traefik/dynamic',
  acmeDir: '/home/deploy/_mypaas/certs',
};

void test('host network, restart unless stopped, labelled, and no way to reach the Docker socket', () => {
  const options = traefikContainerOptions(input);
  assert.equal(options.name, 'mypaas-traefik');
  assert.equal(options.Image, 'traefik:v3.6');
  assert.deepEqual(options.Cmd, [`--configFile=${TRAEFIK_PATHS.configFile}`]);
  assert.equal(options.Labels?.['mypaas.proxy'], 'traefik');
  const host = options.HostConfig ?? {};
  assert.equal(host.NetworkMode, 'host');
  assert.deepEqual(host.RestartPolicy, { Name: 'unless-stopped' });
  assert.equal(host.Binds, undefined);
  assert.equal(host.PortBindings, undefined, 'host networking publishes nothing');
  assert.equal(host.Privileged, undefined);
  assert.ok(!JSON.stringify(options).includes('docker.sock'));
  assert.deepEqual(host.Mounts, [
    { Type: 'bind', Source: input.configFile, Target: TRAEFIK_PATHS.configFile, ReadOnly: true },
    { Type: 'bind', Source: input.dynamicDir, Target: TRAEFIK_PATHS.dynamicDir, ReadOnly: true },
    { Type: 'bind', Source: input.acmeDir, Target: TRAEFIK_PATHS.acmeDir, ReadOnly: false },
  ]);
  assert.ok(TRAEFIK_PATHS.acmeStorage.startsWith(`${TRAEFIK_PATHS.acmeDir}/`));
});

void test('acme_ca_root is mounted read-only and named to lego by LEGO_CA_CERTIFICATES', () => {
  const options = traefikContainerOptions({ ...input, caRootFile: '/srv/test-ca.pem' });
  assert.deepEqual(options.Env, [`LEGO_CA_CERTIFICATES=${TRAEFIK_PATHS.caRoot}`]);
  assert.deepEqual(options.HostConfig?.Mounts?.at(-1), {
    Type: 'bind',
    Source: '/srv/test-ca.pem',
    Target: TRAEFIK_PATHS.caRoot,
    ReadOnly: true,
  });
  assert.equal(traefikContainerOptions(input).Env, undefined);
});

void test('an image that cannot be pulled is PROXY_UNAVAILABLE, pointing at haproxy and docker load', async (t) => {
  const docker = await requireDocker(t);
  if (!docker) return;
  // traefik:v3.6 is what config.toml names by default; the second name exists on no registry at all.
  const images = ['traefik:v3.6', `traefik:mypaas-test-${newRunId()}`];
  for (const image of images) {
    if (await imageExists(docker, image)) continue; // loaded on this host: nothing to pull
    await assert.rejects(ensureTraefikImage(docker, image), (err: unknown) => {
      assert.ok(isMypaasError(err, 'PROXY_UNAVAILABLE'), `unexpected error: ${String(err)}`);
      assert.match(
        err.message,
        new RegExp(`${image.replace(/[.]/g, '\\.')}.*could not be pulled: \\S`),
      );
      assert.match(err.hint ?? '', /driver = "haproxy"/);
      assert.match(err.hint ?? '', /docker load/);
      return true;
    });
  }
});

void test('an image already on the host is used as it is', async (t) => {
  const docker = await requireDocker(t);
  if (!docker) return;
  await ensureTraefikImage(docker, await ensureBusyboxImage(docker));
});
