// One operations layer, every way in: the host CLI (`mypaas server … --json`), SSH (`… --json`) and
// the laptop's CLI over SSH (`mypaas … SERVER --json`) give the same typed result for the same
// request; the same change writes the same audit entry, a deployer is refused the same way, and
// read-only commands leave no trace in Docker's event stream.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { isMypaasError } from '../../../src/core/errors.js';
import { decodeEvent } from '../../../src/core/protocol.js';
import { auditOperation } from '../../../src/daemon/operations/audit.js';
import { deploymentsOperation } from '../../../src/daemon/operations/deployments.js';
import { envListOperation } from '../../../src/daemon/operations/env.js';
import { keysListOperation } from '../../../src/daemon/operations/keys-list.js';
import { stopOperation } from '../../../src/daemon/operations/lifecycle.js';
import { perform } from '../../../src/daemon/operations/perform.js';
import type { Principal } from '../../../src/daemon/operations/principal.js';
import { statusOperation } from '../../../src/daemon/operations/status.js';
import { listAudit, type AuditEntry } from '../../../src/daemon/state/audit-log.js';
import { mypaas } from '../../cli/server-cli.js';
import { dockerEvents } from '../deploy/docker-events.js';
import { daemonFixture, tarOf, type DaemonFixture, type TestKey } from '../ssh/daemon-fixture.js';
import { testContext } from './perform-context.js';

const bin = join(fileURLToPath(new URL('../../../../', import.meta.url)), 'bin/mypaas.js');

// Both transports' answers to one request, parsed; each must succeed.
async function both(f: DaemonFixture, key: TestKey, args: string[]) {
  const host = await mypaas(f, 'server', ...args, '--json');
  assert.equal(host.exitCode, 0, `host ${args.join(' ')}: ${host.all}`);
  const ssh = await f.ssh(key, [...args, '--json']);
  assert.equal(ssh.code, 0, `ssh ${args.join(' ')}: ${ssh.stderr}`);
  return { host: JSON.parse(host.stdout) as unknown, ssh: JSON.parse(ssh.stdout) as unknown };
}

// An audit entry without who asked and when, which differ by design between the transports.
function what(entry: AuditEntry | undefined) {
  assert.ok(entry, 'an audit entry');
  const { command, target, outcome, detail } = entry;
  return { command, target, outcome, detail };
}

void test('every read-only operation answers the same over the host CLI, SSH and the laptop CLI, and touches no container', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const web = f.service('web');
  const alice = await f.key('alice', 'admin');
  await f.key('ci', 'deployer', [web]);
  assert.equal((await f.ssh(alice, ['push'], await tarOf(await f.app(web)))).code, 0);
  assert.equal((await mypaas(f, 'server', 'env', web, 'set', 'A=1')).exitCode, 0);

  // Docker's event filter counts whole seconds: start at the next one, after the push's last event.
  await sleep(1000 - (Date.now() % 1000));
  const since = Math.floor(Date.now() / 1000);
  // The laptop's `mypaas COMMAND SERVER …` offers all of them but keys (managed on the host).
  const laptop = await mkdtemp(join(tmpdir(), 'mypaas-laptop-'));
  t.after(() => rm(laptop, { recursive: true, force: true }));
  const server = `mypaas@127.0.0.1:${f.port}`;
  for (const [args, fromLaptop] of [
    [['status'], true],
    [['status', web], true],
    [['deployments', web], true],
    [['env', web, 'list'], true],
    [['keys', 'list'], false],
    [['audit'], true],
  ] as const) {
    const { host, ssh } = await both(f, alice, [...args]);
    assert.deepEqual(ssh, host, args.join(' '));
    if (!fromLaptop) continue;
    const [command, ...rest] = args;
    const remote = await execa(
      'node',
      [bin, command, server, ...rest, '--json', '--identity', alice.privateFile],
      { reject: false, env: { HOME: laptop, XDG_CONFIG_HOME: join(laptop, '.config') } },
    );
    assert.equal(remote.exitCode, 0, `laptop ${args.join(' ')}: ${remote.stderr}`);
    assert.deepEqual(JSON.parse(remote.stdout), host, `laptop ${args.join(' ')}`);
  }
  const until = Math.ceil(Date.now() / 1000) + 1;
  assert.deepEqual(await dockerEvents(f.docker, web, since, until), [], 'no container events');
});

void test('the same change over the host CLI and SSH writes the same audit entry', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const web = f.service('web');
  const alice = await f.key('alice', 'admin');
  assert.equal((await f.ssh(alice, ['push'], await tarOf(await f.app(web)))).code, 0);

  // Each change is made twice, once per transport, from the same starting point.
  const changes: [args: string[], before: string[]][] = [
    [['env', web, 'set', 'A=1'], []],
    [
      ['env', web, 'unset', 'A'],
      ['env', web, 'set', 'A=1'],
    ],
    [
      ['stop', web],
      ['start', web],
    ],
    [
      ['start', web],
      ['stop', web],
    ],
  ];
  for (const [args, before] of changes) {
    if (before.length > 0) assert.equal((await mypaas(f, 'server', ...before)).exitCode, 0);
    const host = await mypaas(f, 'server', ...args);
    assert.equal(host.exitCode, 0, `host ${args.join(' ')}: ${host.all}`);
    const [byHost] = listAudit(f.engine.db, 1);
    if (before.length > 0) assert.equal((await mypaas(f, 'server', ...before)).exitCode, 0);
    const ssh = await f.ssh(alice, args);
    assert.equal(ssh.code, 0, `ssh ${args.join(' ')}: ${ssh.stderr}`);
    const [bySsh] = listAudit(f.engine.db, 1);
    assert.deepEqual(what(bySsh), what(byHost), args.join(' '));
    assert.notEqual(bySsh?.id, byHost?.id, 'two entries');
    assert.equal(bySsh?.keyName, 'alice');
    assert.match(byHost?.keyName ?? '', /^local:/);
  }
});

// A deployer's refusal as the operations layer gives it, and as SSH reports it.
async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (err) {
    if (isMypaasError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  return 'not refused';
}

void test('a deployer is refused identically by the operations layer and over SSH, and audited the same', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const web = f.service('web');
  const other = f.service('other');
  const alice = await f.key('alice', 'admin');
  const ci = await f.key('ci', 'deployer', [web]);
  assert.equal((await f.ssh(alice, ['push'], await tarOf(await f.app(other)))).code, 0);
  const principal: Principal = { name: 'ci', role: 'deployer', services: [web], fingerprint: null };
  const ctx = { ...testContext(f.engine), principal };
  const target = { service: other, env: 'production' };
  const cases: [command: string, perform: () => Promise<unknown>][] = [
    [`status ${other}`, () => perform(ctx, statusOperation, { service: other })],
    [`deployments ${other}`, () => perform(ctx, deploymentsOperation, { ...target, limit: 20 })],
    [`env ${other} list`, () => perform(ctx, envListOperation, { ...target, reveal: false })],
    [`stop ${other}`, () => perform(ctx, stopOperation, target)],
    ['keys list', () => perform(ctx, keysListOperation, {})],
    ['audit', () => perform(ctx, auditOperation, { limit: 50 })],
  ];
  for (const [command, direct] of cases) {
    const expected = await refusal(direct);
    assert.equal(typeof expected === 'object' && expected.code, 'PERMISSION_DENIED', command);
    const [auditedDirect] = listAudit(f.engine.db, 1);
    const ssh = await f.exec(ci, `${command} --events=json`);
    const last = decodeEvent(ssh.stdout.trim().split('\n').at(-1) ?? '');
    assert.ok(last?.type === 'result' && !last.ok, `${command}: ${ssh.stdout}`);
    assert.deepEqual({ code: last.error.code, message: last.error.message }, expected, command);
    const [auditedSsh] = listAudit(f.engine.db, 1);
    // Only changes are audited; a refused change is, the same way from both.
    if (command.startsWith('stop')) {
      assert.notEqual(auditedSsh?.id, auditedDirect?.id);
      assert.deepEqual(what(auditedSsh), what(auditedDirect), command);
      assert.equal(auditedSsh?.outcome, 'denied');
    }
  }
});
