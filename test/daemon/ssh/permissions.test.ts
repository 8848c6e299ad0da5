// A deployer key touches only its services and deploys only Dockerfiles without host ports or
// volumes outside its service's directory; an admin key may do all of it.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import { execa } from 'execa';
import { decodeEvent } from '../../../src/core/protocol.js';
import { listAudit } from '../../../src/daemon/state/audit-log.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { getService } from '../../../src/daemon/state/services.js';
import { freePort } from '../../helpers/free-port.js';
import { daemonFixture, execOverSsh2, type DaemonFixture, type TestKey } from './daemon-fixture.js';

async function tarOf(dir: string): Promise<Buffer> {
  return Buffer.from((await execa('tar', ['-cz', '-C', dir, '.'], { encoding: 'buffer' })).stdout);
}

async function errorCode(f: DaemonFixture, key: TestKey, command: string, input?: Buffer) {
  const result = await execOverSsh2(
    f.port,
    await readFile(key.privateFile),
    `${command} --events=json`,
    input,
  );
  const last = decodeEvent(result.stdout.trim().split('\n').at(-1) ?? '');
  return last?.type === 'result' && !last.ok ? last.error.code : `ok (exit ${result.code})`;
}

test('a deployer key sees and touches only its services; others are refused and audited', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const web = f.service('web');
  const other = f.service('other');
  const alice = await f.key('alice', 'admin');
  const ci = await f.key('ci', 'deployer', [web]);
  assert.equal((await f.ssh(alice, ['push'], await tarOf(await f.app(other)))).code, 0);

  const status = await f.ssh(ci, ['status']);
  assert.equal(status.code, 0);
  assert.doesNotMatch(status.stdout, new RegExp(other), 'other services are hidden');
  for (const command of [
    `status ${other}`,
    `deployments ${other}`,
    `logs ${other}`,
    `env ${other} list`,
    `env ${other} set A=1`,
    `redeploy ${other}`,
    `rollback ${other}`,
    `stop ${other}`,
    `start ${other}`,
    `rm ${other} --yes`,
    'keys list',
  ]) {
    assert.equal(await errorCode(f, ci, command), 'PERMISSION_DENIED', command);
  }
  const pushOther = await f.ssh(ci, ['push'], await tarOf(await f.app(other, { version: 'v2' })));
  assert.equal(pushOther.code, 1);
  assert.match(pushOther.stderr, new RegExp(`the key ci may not act on ${other}`));
  assert.equal(listDeployments(f.engine.db, other).length, 1, 'nothing new was deployed');
  assert.equal(getService(f.engine.db, other, 'production')?.state, 'running');

  const denied = listAudit(f.engine.db).filter((e) => e.keyName === 'ci');
  assert.deepEqual(denied.map((e) => e.command).sort(), [
    'env set',
    'push',
    'redeploy',
    'rm',
    'rollback',
    'start',
    'stop',
  ]);
  assert.ok(denied.every((e) => e.outcome === 'denied' && e.target === `${other} (production)`));
  assert.deepEqual(await f.workDirs(), []);
});

test('a deployer key may not publish host ports or mount outside volumes/<service>; an admin may', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const web = f.service('web');
  const alice = await f.key('alice', 'admin');
  const ci = await f.key('ci', 'deployer', [web]);
  const port = await freePort();
  const volume = await f.app(web, { directives: ['volume=~/data:/data'] });
  const publish = await f.app(web, { directives: [`publish=127.0.0.1:${port}:8080`] });

  const byCi = await f.ssh(ci, ['push'], await tarOf(volume));
  assert.equal(byCi.code, 1);
  assert.match(
    byCi.stderr,
    new RegExp(`may only mount directories under ${join(f.home, 'volumes', web)}`),
  );
  assert.equal(await errorCode(f, ci, 'push', await tarOf(publish)), 'PERMISSION_DENIED');
  assert.equal(listDeployments(f.engine.db, web).length, 0, 'nothing was even started');

  const own = await f.app(web, {
    directives: [`volume=${join(f.home, 'volumes', web, 'data')}:/data`],
  });
  const ownPush = await f.ssh(ci, ['push'], await tarOf(own));
  assert.equal(ownPush.code, 0, ownPush.stderr);
  assert.match(await readFile(join(f.home, 'volumes', web, 'data', 'hello'), 'utf8'), /written by/);

  const byAlice = await f.ssh(alice, ['push'], await tarOf(volume));
  assert.equal(byAlice.code, 0, byAlice.stderr);
  assert.match(await readFile(join(f.userHome, 'data', 'hello'), 'utf8'), /written by/);
  const published = await f.ssh(alice, ['push'], await tarOf(publish));
  assert.equal(published.code, 0, published.stderr);
  assert.deepEqual(
    listDeployments(f.engine.db, web).map((d) => [d.actor, d.status]),
    [
      ['alice', 'live'],
      ['alice', 'superseded'],
      ['ci', 'superseded'],
    ],
  );
});
