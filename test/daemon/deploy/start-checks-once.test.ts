// A deployment runs its start checks (tenant rules, variables, url claims) once, and the swap
// starts containers with that one result: for a deploy, and for a redeploy or rollback.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deployApp } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { deployRelease } from '../../../src/daemon/deploy/deploy-release.js';
import { readApp } from '../../../src/daemon/deploy/read-app.js';
import { startChecks, type StartChecker } from '../../../src/daemon/deploy/start-checks.js';
import { setEnvVars } from '../../../src/daemon/state/env-vars.js';
import { bodies, containersOf } from './serving.js';
import { deployFixture, request } from './fixture.js';

test('deploy and redeploy each check once, and start containers with what the check resolved', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('checked');
  const dir = await f.app(service, { directives: ['env=GREETING'] });
  let checks = 0;
  // Each check's variables carry its number: the containers show which check they came from.
  const counting: StartChecker = (engine, candidate) => {
    checks += 1;
    const checked = startChecks(engine, candidate);
    return { ...checked, variables: { ...checked.variables, GREETING: `check-${checks}` } };
  };
  setEnvVars(f.engine.db, service, 'production', { GREETING: 'hi' });
  const app = await readApp(dir, silentOutput);
  const first = await deployApp(f.engine, { ...request(dir), app }, silentOutput, counting);
  assert.equal(checks, 1);
  assert.deepEqual(await bodies(await containersOf(f, service, first.deployment.id)), [
    'version=v1 greeting=check-1',
  ]);

  const again = await deployRelease(
    f.engine,
    { service, env: 'production', choice: { kind: 'live' }, trigger: 'redeploy', actor: 'test' },
    silentOutput,
    counting,
  );
  assert.equal(checks, 2);
  assert.deepEqual(await bodies(await containersOf(f, service, again.deployment.id)), [
    'version=v1 greeting=check-2',
  ]);
});
