// Pushing over SSH with nothing but tar and OpenSSH, and with JSON-lines events as the mypaas CLI
// asks for them: the exit status is the deploy's result, and every change lands in the audit log.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import test from 'node:test';
import { execa } from 'execa';
import { decodeEvent, type DaemonEvent } from '../../../src/core/protocol.js';
import { listAudit } from '../../../src/daemon/state/audit-log.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { getService } from '../../../src/daemon/state/services.js';
import { bodies, containersOf } from '../deploy/serving.js';
import { daemonFixture, execOverSsh2 } from './daemon-fixture.js';

test('tar -cz -C app . | ssh … push deploys (exit 0, live) and ssh … status shows it', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const service = f.service('plain');
  const dir = await f.app(service, { version: 'v7' });

  const push = await execa(
    'bash',
    [
      '-o',
      'pipefail',
      '-c',
      'tar -cz -C "$1" . | ssh "${@:2}" push',
      'bash',
      dir,
      ...f.sshArgs(alice),
    ],
    { reject: false },
  );
  assert.equal(push.exitCode, 0, `${push.stdout}\n${push.stderr}`);
  assert.match(
    push.stdout,
    /^==> received \d+ files and directories, \d+ kB \(tar.gz, \d+ kB sent\)$/m,
  );
  assert.match(
    push.stdout,
    new RegExp(`✓ ${service} is live: release \\S+ \\(deployment #1\\), 1 container`),
  );
  assert.doesNotMatch(push.stdout, /\{"type"/, 'a plain client gets text, not events');
  assert.equal(getService(f.engine.db, service, 'production')?.liveDeploymentId, 1);
  assert.deepEqual(await bodies(await containersOf(f, service, 1)), ['version=v7 greeting=']);
  assert.deepEqual(await f.workDirs(), [], 'the work directory is gone');

  const status = await f.ssh(alice, ['status']);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /^SERVICE\s+ENV\s+STATE/m);
  assert.match(
    status.stdout,
    new RegExp(`^${service}\\s+production\\s+running\\s+\\S+\\s+#1\\s+1/1 running`, 'm'),
  );
  const history = await f.ssh(alice, ['deployments', service]);
  assert.match(history.stdout, /^#1\s+\S+\s+push\s+alice\s+live/m);

  const [entry] = listAudit(f.engine.db);
  assert.equal(entry?.command, 'push');
  assert.equal(entry?.keyName, 'alice');
  assert.equal(entry?.fingerprint, alice.fingerprint);
  assert.equal(entry?.target, `${service} (production)`);
  assert.equal(entry?.outcome, 'ok');
  assert.match(entry?.detail ?? '', /^deployment #1, release /);
});

test('with --events=json a plain tar arrives as JSON-lines: steps, build lines, then the result', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const ci = await f.key('ci', 'deployer', [f.service('events')]);
  const service = f.service('events');
  const dir = await f.app(service);
  const tar = (await execa('tar', ['-c', '-C', dir, '.'], { encoding: 'buffer' })).stdout;
  const key = await readFile(ci.privateFile);

  const result = await execOverSsh2(
    f.port,
    key,
    'push --env staging --events=json',
    Buffer.from(tar),
  );
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.equal(result.stderr, '');
  const events = result.stdout
    .trim()
    .split('\n')
    .map((line) => decodeEvent(line));
  assert.ok(
    events.every((e): e is DaemonEvent => e !== undefined),
    'every line is an event',
  );
  assert.ok(events.some((e) => e?.type === 'build' && /^Step 1\/\d+ : FROM/.test(e.line)));
  assert.ok(events.some((e) => e?.type === 'step' && /deployment #1 of/.test(e.text)));
  const last = events.at(-1);
  assert.ok(last?.type === 'result' && last.ok);
  assert.deepEqual(
    { ...(last.data as Record<string, unknown>), release: undefined, containers: undefined },
    { service, env: 'staging', deployment: 1, release: undefined, urls: [], containers: undefined },
  );
  assert.equal(listDeployments(f.engine.db, service)[0]?.actor, 'ci');

  const status = await execOverSsh2(f.port, key, `status ${service} --json --events=json`);
  const statusResult = decodeEvent(status.stdout.trim());
  assert.ok(statusResult?.type === 'result' && statusResult.ok);
  assert.equal((statusResult.data as { env: string }[])[0]?.env, 'staging');
});

test('a failing deploy exits non-zero with the error, and is audited as failed', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const service = f.service('broken');
  const dir = await f.app(service, { kind: 'broken-build' });
  const tar = (await execa('tar', ['-cz', '-C', dir, '.'], { encoding: 'buffer' })).stdout;

  const plain = await f.ssh(alice, ['push'], Buffer.from(tar));
  assert.equal(plain.code, 1);
  assert.match(plain.stdout, /error: it does not compile/);
  assert.match(plain.stderr, /^error: docker build of \S+ failed/m);

  const events = await execOverSsh2(
    f.port,
    await readFile(alice.privateFile),
    'push --events=json',
    Buffer.from(tar),
  );
  assert.equal(events.code, 1);
  const last = decodeEvent(events.stdout.trim().split('\n').at(-1) ?? '');
  assert.ok(last?.type === 'result' && !last.ok);
  assert.equal(last.error.code, 'BUILD_FAILED');
  assert.ok(last.error.details?.some((line) => line.includes('it does not compile')));

  const audit = listAudit(f.engine.db);
  assert.equal(audit.length, 2);
  assert.ok(audit.every((e) => e.outcome === 'failed' && e.target === `${service} (production)`));
  assert.match(audit[0]?.detail ?? '', /^BUILD_FAILED: docker build/);
  assert.equal(getService(f.engine.db, service, 'production')?.liveDeploymentId, null);
  assert.deepEqual(await f.workDirs(), []);
});

test('env, redeploy, stop, start and rm over SSH are audited; env values never are', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const service = f.service('ops');
  const dir = await f.app(service, { indexFrom: ['GREETING'] });
  const tar = (await execa('tar', ['-cz', '-C', dir, '.'], { encoding: 'buffer' })).stdout;
  assert.equal((await f.ssh(alice, ['push'], Buffer.from(tar))).code, 0);

  const set = await f.ssh(alice, ['env', service, 'set', "'GREETING=hello secret world'"]);
  assert.equal(set.code, 0, set.stderr);
  const list = await f.ssh(alice, ['env', service, 'list', '--reveal']);
  assert.equal(list.stdout, 'GREETING=hello secret world');
  const redeploy = await f.ssh(alice, ['redeploy', service]);
  assert.equal(redeploy.code, 0, redeploy.stderr);
  const live = getService(f.engine.db, service, 'production')?.liveDeploymentId ?? -1;
  assert.match(
    (await bodies(await containersOf(f, service, live)))[0] ?? '',
    /GREETING=hello secret world/,
  );
  assert.equal((await f.ssh(alice, ['stop', service])).code, 0);
  assert.equal(getService(f.engine.db, service, 'production')?.state, 'stopped');
  assert.equal((await f.ssh(alice, ['start', service])).code, 0);
  const rm = await f.ssh(alice, ['rm', service]);
  assert.equal(rm.code, 2, 'rm wants --yes');
  assert.equal((await f.ssh(alice, ['rm', service, '--yes'])).code, 0);

  const audit = listAudit(f.engine.db).reverse();
  assert.deepEqual(
    audit.map((e) => [e.command, e.outcome]),
    [
      ['push', 'ok'],
      ['env set', 'ok'],
      ['redeploy', 'ok'],
      ['stop', 'ok'],
      ['start', 'ok'],
      ['rm', 'failed'],
      ['rm', 'ok'],
    ],
  );
  assert.ok(audit.every((e) => e.target === `${service} (production)`));
  assert.ok(!JSON.stringify(audit).includes('secret'), 'no env value in the audit log');
  assert.ok(!f.log.join('\n').includes('secret'), 'no env value in the daemon log');
});
