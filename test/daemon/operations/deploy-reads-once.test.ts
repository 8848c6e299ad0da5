// The deploy operation reads and parses the app's Dockerfile once: the spec it read names the
// audit target, is checked against the principal, and is what gets built and made live.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { readApp, type AppReader } from '../../../src/daemon/deploy/read-app.js';
import { deployOperationWith } from '../../../src/daemon/operations/deploy.js';
import { perform } from '../../../src/daemon/operations/perform.js';
import { listAudit } from '../../../src/daemon/state/audit-log.js';
import { getService } from '../../../src/daemon/state/services.js';
import { deployFixture } from '../deploy/fixture.js';
import { testContext } from './perform-context.js';

test('a deploy reads its Dockerfile once; a later edit of the file is never parsed', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('once');
  const dir = await f.app(service);
  const dockerfile = join(dir, 'Dockerfile');
  let reads = 0;
  // After the one read the directives turn invalid: a second parse anywhere would fail the deploy.
  const counting: AppReader = async (path, output) => {
    reads += 1;
    const app = await readApp(path, output);
    const text = await readFile(dockerfile, 'utf8');
    await writeFile(dockerfile, text.replace(/# mypaas\.service=\S+/, '# mypaas.nosuchkey=1'));
    return app;
  };
  const ctx = testContext(f.engine);
  const result = await perform(ctx, deployOperationWith(counting), {
    dir,
    env: 'production',
    trigger: 'server-deploy',
  });
  assert.equal(reads, 1);
  assert.equal(result.service, service);
  assert.equal(getService(f.engine.db, service, 'production')?.liveDeploymentId, result.deployment);
  const [entry] = listAudit(f.engine.db);
  assert.equal(entry?.target, `${service} (production)`, 'the one read names the audit target');
  assert.equal(entry?.outcome, 'ok');
  await assert.rejects(
    readApp(dir, ctx.out),
    { code: 'DOCKERFILE_INVALID' },
    'the edit is invalid',
  );
});
