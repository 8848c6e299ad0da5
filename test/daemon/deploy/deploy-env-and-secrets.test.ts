// Secrets from config.toml reach the app and nothing else; `server env` values wait for a deploy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isMypaasError } from '../../../src/core/errors.js';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { deployRelease } from '../../../src/daemon/deploy/deploy-release.js';
import { readLog } from '../../../src/daemon/state/build-log.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { setEnvVars } from '../../../src/daemon/state/env-vars.js';
import { listReleases } from '../../../src/daemon/state/releases.js';
import { deployFixture, request } from './fixture.js';
import { recordingOutput } from './recording-output.js';
import { bodies, containersOf, dockerImageTags } from './serving.js';

const SECRET = 'tok-123-secret';

test('a secret config.toml does not set fails the deploy before anything is recorded or built', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('api');
  const dir = await f.app(service, { directives: ['env=API_TOKEN'] });
  await assert.rejects(deployDirectory(f.engine, request(dir), silentOutput), {
    code: 'SECRET_MISSING',
  });
  assert.deepEqual(listDeployments(f.engine.db, service), []);
  assert.deepEqual(await dockerImageTags(f.docker, service), []);
});

test('a secret from config.toml reaches the app but never the output, the logs or the errors', async (t) => {
  const f = await deployFixture(t, `[env]\nAPI_TOKEN = "${SECRET}"`);
  if (!f) return;
  const service = f.service('api');
  const output = recordingOutput();
  const app = { directives: ['env=API_TOKEN'], indexFrom: ['API_TOKEN'] };
  const deployed = await deployDirectory(
    f.engine,
    request(await f.app(service, { ...app, version: 'v1' })),
    output,
  );
  assert.deepEqual(await bodies(deployed.containers), [
    `version=v1 greeting=\nAPI_TOKEN=${SECRET}`,
  ]);
  // A failed deployment stores an error; the secret must not be in it either.
  const crash = await f.app(service, { ...app, kind: 'crash' });
  await assert.rejects(deployDirectory(f.engine, request(crash), output), (err: unknown) => {
    assert.ok(isMypaasError(err));
    assert.equal(err.code, 'HEALTHCHECK_FAILED');
    const shown = [err.message, err.hint ?? '', ...err.details].join('\n');
    assert.ok(!shown.includes(SECRET), 'the error the user sees omits the secret');
    return true;
  });

  const deployments = listDeployments(f.engine.db, service);
  assert.deepEqual(
    deployments.map((d) => d.status),
    ['failed', 'live'],
  );
  const stored = deployments.flatMap((d) => [
    d.error ?? '',
    ...readLog(f.engine.db, d.id).map((l) => l.line),
  ]);
  assert.ok(stored.length > 10 && output.entries.length > 10, 'there was output to look at');
  assert.ok(deployments[0]?.error, 'the failed deployment stored its error');
  assert.deepEqual(
    stored.filter((line) => line.includes(SECRET)),
    [],
  );
  assert.deepEqual(
    output.entries.filter((e) => e.text.includes(SECRET)),
    [],
  );
});

test('server env values override the Dockerfile from the next deploy on; redeploy reuses the image', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('hello');
  const dir = await f.app(service, { directives: ['env=GREETING=hello'] });
  const first = await deployDirectory(f.engine, request(dir), silentOutput);
  assert.deepEqual(await bodies(first.containers), ['version=v1 greeting=hello']);

  setEnvVars(f.engine.db, service, 'production', { GREETING: 'bonjour' });
  assert.deepEqual(
    await bodies(first.containers),
    ['version=v1 greeting=hello'],
    'the running container keeps the value it started with',
  );

  const again = await deployRelease(
    f.engine,
    { service, env: 'production', choice: { kind: 'live' }, trigger: 'redeploy', actor: 'test' },
    silentOutput,
  );
  assert.equal(again.deployment.status, 'live');
  assert.equal(again.deployment.trigger, 'redeploy');
  assert.equal(again.deployment.releaseId, first.release.id);
  const now = await containersOf(f, service, again.deployment.id);
  assert.deepEqual(await bodies(now), ['version=v1 greeting=bonjour']);

  const image = await f.docker.getImage(first.release.image).inspect();
  const container = await f.docker.getContainer(now[0]?.id ?? '').inspect();
  assert.equal(container.Config.Image, first.release.image);
  assert.equal(container.Image, image.Id, 'the same image, not a rebuild');
  assert.deepEqual(
    listReleases(f.engine.db, service, 'production').map((r) => r.id),
    [first.release.id],
  );
  assert.deepEqual(await dockerImageTags(f.docker, service), [first.release.image]);
});
