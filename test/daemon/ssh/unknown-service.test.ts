// Over SSH, every command on a service the host does not have exits 1 with SERVICE_NOT_FOUND and
// the nearest known name, which a deployer key hears only of its own services.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import test from 'node:test';
import { decodeEvent } from '../../../src/core/protocol.js';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { request } from '../deploy/fixture.js';
import { daemonFixture, execOverSsh2, type DaemonFixture, type TestKey } from './daemon-fixture.js';

async function failure(f: DaemonFixture, key: TestKey, command: string) {
  const result = await execOverSsh2(
    f.port,
    await readFile(key.privateFile),
    `${command} --events=json`,
  );
  const last = decodeEvent(result.stdout.trim().split('\n').at(-1) ?? '');
  const error = last?.type === 'result' && !last.ok ? last.error : null;
  return { exit: result.code, code: error?.code, hint: error?.hint };
}

test('unknown services fail over SSH with SERVICE_NOT_FOUND and exit 1', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const web = f.service('web');
  await deployDirectory(f.engine, request(await f.app(web)), silentOutput);
  const admin = await f.key('admin', 'admin');
  const typo = f.service('wbe');
  for (const command of [
    `status ${typo}`,
    `status ${typo} --json`,
    `logs ${typo}`,
    `logs ${typo} --deployment 1`,
    `deployments ${typo}`,
    `stop ${typo}`,
    `start ${typo}`,
    `rm ${typo} --yes`,
    `rollback ${typo}`,
    `redeploy ${typo}`,
    `env ${typo} list`,
    `env ${typo} unset A`,
  ]) {
    assert.deepEqual(
      await failure(f, admin, command),
      { exit: 1, code: 'SERVICE_NOT_FOUND', hint: `did you mean ${web}?` },
      command,
    );
  }
  // A plain ssh client gets the exit status too.
  assert.equal((await f.ssh(admin, ['status', typo])).code, 1);

  // A deployer allowed the typo's name is not told of a service outside its scope.
  const ci = await f.key('ci', 'deployer', [typo]);
  assert.deepEqual(await failure(f, ci, `status ${typo}`), {
    exit: 1,
    code: 'SERVICE_NOT_FOUND',
    hint: 'status lists the services on this host',
  });

  // Env before the first deploy: allowed, with when it applies.
  const next = f.service('next');
  const set = await f.ssh(admin, ['env', next, 'set', 'A=1']);
  assert.equal(set.code, 0, set.stderr);
  assert.match(set.stdout, /has no deployment yet; these values apply at its first deploy/);
});
