// A deployer key touches only its services, and those services follow the tenant rules.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import { decodeEvent } from '../../../src/core/protocol.js';
import { listAudit } from '../../../src/daemon/state/audit-log.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { removeKey } from '../../../src/daemon/state/keys.js';
import { listReleases } from '../../../src/daemon/state/releases.js';
import { getService } from '../../../src/daemon/state/services.js';
import { freePort } from '../../helpers/free-port.js';
import {
  tarOf,
  daemonFixture,
  execOverSsh2,
  type DaemonFixture,
  type TestKey,
} from './daemon-fixture.js';

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

test("a deployer's service gets no host ports or host directories, whoever pushes it; named volumes and caps instead", async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const web = f.service('web');
  const admins = f.service('admins');
  const alice = await f.key('alice', 'admin');
  const ci = await f.key('ci', 'deployer', [web]);
  const port = await freePort();
  const bind = await f.app(web, { directives: ['volume=~/data:/data'] });
  const publish = await f.app(web, { directives: [`publish=127.0.0.1:${port}:8080`] });
  const many = await f.app(web, { scale: 1000 });

  const byCi = await f.ssh(ci, ['push'], await tarOf(bind));
  assert.equal(byCi.code, 1);
  assert.match(byCi.stderr, /host directories are for admins/);
  assert.match(byCi.stderr, /# mypaas\.volume=data:\/data/, 'the fix is shown');
  assert.equal(await errorCode(f, ci, 'push', await tarOf(publish)), 'PERMISSION_DENIED');
  assert.match((await f.ssh(ci, ['push'], await tarOf(many))).stderr, /at most 4 replicas/);
  // An admin cannot hand a deployer's service a host directory either: its code is the tenant's.
  assert.equal(await errorCode(f, alice, 'push', await tarOf(bind)), 'PERMISSION_DENIED');
  assert.equal(listDeployments(f.engine.db, web).length, 0, 'nothing was even started');

  const named = await f.app(web, { directives: ['volume=data:/data'] });
  const ownPush = await f.ssh(ci, ['push'], await tarOf(named));
  assert.equal(ownPush.code, 0, ownPush.stderr);
  const volume = await f.docker.getVolume(`mypaas_${web}_production_data`).inspect();
  assert.equal(volume.Labels?.['mypaas.service'], web);
  assert.match(await readFile(join(volume.Mountpoint, 'hello'), 'utf8'), /written by/);
  const inspectLive = async () => {
    const [c] = await f.docker.listContainers({ filters: { label: [`mypaas.service=${web}`] } });
    return f.docker.getContainer(c?.Id ?? '').inspect();
  };
  const capped = (await inspectLive()).HostConfig;
  assert.equal(capped.Memory, 1024 ** 3, 'max_memory is the default limit');
  assert.equal(capped.NanoCpus, 1e9);
  assert.equal(capped.PidsLimit, 512);
  assert.deepEqual(
    (await inspectLive()).Mounts.map((m) => m.Type),
    ['volume'],
    'no host path is mounted',
  );

  // The rules follow the release: with the deployer key gone, an admin's redeploy keeps them.
  removeKey(f.engine.db, 'ci');
  assert.equal((await f.ssh(alice, ['redeploy', web])).code, 0);
  assert.equal((await inspectLive()).HostConfig.PidsLimit, 512);

  // A service no deployer may deploy keeps the admin's rules.
  const adminBind = await f.app(admins, { directives: ['volume=~/data:/data'] });
  const byAlice = await f.ssh(alice, ['push'], await tarOf(adminBind));
  assert.equal(byAlice.code, 0, byAlice.stderr);
  assert.match(await readFile(join(f.userHome, 'data', 'hello'), 'utf8'), /written by/);
});

test("a deployer's build may not read another service's release image, however it names it", async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const web = f.service('web');
  const other = f.service('other');
  const alice = await f.key('alice', 'admin');
  const ci = await f.key('ci', 'deployer', [web]);
  assert.equal((await f.ssh(alice, ['push'], await tarOf(await f.app(other)))).code, 0);
  const otherImage = listReleases(f.engine.db, other, 'production')[0]?.image ?? '';
  const otherId = (await f.docker.getImage(otherImage).inspect()).Id;
  assert.equal((await f.ssh(ci, ['push'], await tarOf(await f.app(web)))).code, 0);
  const ownImage = listReleases(f.engine.db, web, 'production')[0]?.image ?? '';

  const base = await f.app(web);
  const dockerfile = await readFile(join(base, 'Dockerfile'), 'utf8');
  const from = (line: string) => dockerfile.replace(/^FROM .*$/m, line);
  const variants = {
    tag: from(`FROM ${otherImage}`),
    id: from(`FROM ${otherId}`),
    arg: from(`ARG BASE=${otherImage}\nFROM \${BASE} AS app`),
    unresolved: from('FROM $SOMETHING'),
    copy: dockerfile.replace(/^(COPY .*)$/m, `$1\nCOPY --from=${otherImage} / /stolen`),
  };
  for (const [name, text] of Object.entries(variants)) {
    await writeFile(join(base, 'Dockerfile'), text);
    const pushed = await f.ssh(ci, ['push'], await tarOf(base));
    assert.equal(pushed.code, 1, name);
    assert.match(pushed.stderr, /builds from images this key may not use/, name);
  }
  const built = listDeployments(f.engine.db, web).filter((d) => d.status === 'failed').length;
  assert.equal(built, Object.keys(variants).length, 'each failed before building');
  assert.equal(listReleases(f.engine.db, web, 'production').length, 1, 'no release was made');

  await writeFile(join(base, 'Dockerfile'), from(`FROM ${ownImage}`));
  const own = await f.ssh(ci, ['push'], await tarOf(base));
  assert.equal(own.code, 0, `its own release image is fine: ${own.stderr}`);
});
