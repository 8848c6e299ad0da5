// The daemon reads the current config.toml for every command: a secret added after it started is
// used at the next push; an edit that does not validate keeps the last good config and every
// command says so; a key that only takes effect at restart says it needs one.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import { decodeEvent } from '../../../src/core/protocol.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { bodies, containersOf } from '../deploy/serving.js';
import { tarOf, daemonFixture, type DaemonFixture, type TestKey } from './daemon-fixture.js';

const STALE = /last good config/;

// config.toml as the fixture wrote it, with `extra` appended; the content differs on each edit,
// which is all the daemon looks at (no mtime, so no timing).
async function editConfig(f: DaemonFixture, extra: string, base?: string): Promise<string> {
  const file = join(f.home, 'config.toml');
  const text = `${base ?? (await readFile(file, 'utf8'))}${extra}`;
  await writeFile(file, text);
  return text;
}

// The events of one command: its warnings and whether it worked.
async function events(f: DaemonFixture, key: TestKey, command: string, input?: Buffer) {
  const result = await f.exec(key, `${command} --events=json`, input);
  const parsed = result.stdout.trim().split('\n').map(decodeEvent);
  const warnings = parsed.flatMap((e) => (e?.type === 'warn' ? [e.text] : []));
  const last = parsed.at(-1);
  const code = last?.type === 'result' ? (last.ok ? 'ok' : last.error.code) : 'no result';
  return { code, warnings: warnings.join('\n'), status: result.code };
}

test('a secret added under [env] after the daemon started is used by the next push', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const admins = f.service('admins');
  const web = f.service('web');
  const alice = await f.key('alice', 'admin');
  const ci = await f.key('ci', 'deployer', [web]);
  const plainApp = await f.app(admins, {
    directives: ['env=API_TOKEN'],
    indexFrom: ['API_TOKEN'],
  });
  const grantedApp = await f.app(web, { directives: ['env=WEB_TOKEN'], indexFrom: ['WEB_TOKEN'] });

  const before = await events(f, alice, 'push', await tarOf(plainApp));
  assert.equal(before.code, 'SECRET_MISSING');

  await editConfig(
    f,
    `\n[env]\nAPI_TOKEN = "plain-token"\n[env.WEB_TOKEN]\nvalue = "granted-token"\nservices = ["${web}"]\n`,
  );
  const plain = await f.ssh(alice, ['push'], await tarOf(plainApp));
  assert.equal(plain.code, 0, plain.stderr);
  assert.doesNotMatch(plain.stderr, STALE);
  const granted = await f.ssh(ci, ['push'], await tarOf(grantedApp));
  assert.equal(granted.code, 0, granted.stderr);

  const live = (service: string) => listDeployments(f.engine.db, service)[0]?.id;
  assert.deepEqual(await bodies(await containersOf(f, admins, live(admins))), [
    'version=v1 greeting=\nAPI_TOKEN=plain-token',
  ]);
  assert.deepEqual(await bodies(await containersOf(f, web, live(web))), [
    'version=v1 greeting=\nWEB_TOKEN=granted-token',
  ]);
  assert.ok(f.log.some((line) => /^reloaded .*config\.toml$/.test(line)));
});

test('an edit that does not validate keeps the last good config, and every command says so', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const service = f.service('app');
  const alice = await f.key('alice', 'admin');
  const ci = await f.key('ci', 'deployer', [service]);
  const good = await readFile(join(f.home, 'config.toml'), 'utf8');
  const newKey = `\n[env.NEW_KEY]\nvalue = "x"\nservices = ["${service}"]\n`;
  const tar = await tarOf(await f.app(service, { directives: ['env=NEW_KEY'] }));

  const cases = [
    // A bad value, on the line it is on; the secret added in the same edit is not used.
    {
      extra: `${newKey}[deployers]\nmax_scale = 0\n`,
      error: /config\.toml:\d+: \[deployers\] max_scale: must be at least 1/,
    },
    // Not TOML at all: line and column.
    { extra: `${newKey}[deployers\n`, error: /config\.toml:\d+:\d+: / },
  ];
  for (const { extra, error } of cases) {
    await editConfig(f, extra, good);
    const logged: number = f.log.length;

    const text = await f.ssh(alice, ['status']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stderr, /^warning: .*config\.toml does not validate/m);
    assert.match(text.stderr, STALE);
    assert.match(text.stderr, error);

    const json = await events(f, alice, 'status');
    assert.equal(json.code, 'ok');
    assert.match(json.warnings, STALE);
    assert.match(json.warnings, error);

    // The last good config is what runs: it has no NEW_KEY.
    const push = await events(f, alice, 'push', tar);
    assert.equal(push.code, 'SECRET_MISSING');
    assert.match(push.warnings, error);

    // A deployer learns the config is stale, not what the host's file holds.
    const tenant = await events(f, ci, `status ${service}`);
    assert.match(tenant.warnings, STALE);
    assert.doesNotMatch(tenant.warnings, /config\.toml:\d/);

    // The daemon's log says it once per change, not once per command.
    const told: string[] = f.log.slice(logged).filter((line) => error.test(line));
    assert.equal(told.length, 1, f.log.slice(logged).join('\n'));
  }

  await editConfig(f, newKey, good);
  const fixed = await f.ssh(alice, ['status']);
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.doesNotMatch(fixed.stderr, /warning/);
  const push = await f.ssh(alice, ['push'], tar);
  assert.equal(push.code, 0, push.stderr);
});

test('changing a key that only takes effect at restart says it needs a daemon restart', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const good = await readFile(join(f.home, 'config.toml'), 'utf8');
  await writeFile(
    join(f.home, 'config.toml'),
    good.replace('driver = "none"', 'driver = "none"\nhttp_port = 8081') +
      '\n[daemon]\nssh_listen = "127.0.0.1:2299"\nmax_upload_files = 1\n',
  );

  const text = await f.ssh(alice, ['status']);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stderr, /\[proxy\] http_port.*needs a daemon restart/);
  assert.match(text.stderr, /\[daemon\] ssh_listen.*needs a daemon restart/);
  assert.doesNotMatch(text.stderr, /max_upload_files/, 'a key read per command applies at once');
  const json = await events(f, alice, 'status');
  assert.match(json.warnings, /\[daemon\] ssh_listen.*needs a daemon restart/);
  assert.ok(f.log.some((line) => /ssh_listen.*needs a daemon restart/.test(line)));

  // max_upload_files applies to the next push without a restart.
  const service = f.service('app');
  const push = await events(f, alice, 'push', await tarOf(await f.app(service)));
  assert.equal(push.code, 'UPLOAD_REFUSED');

  await writeFile(join(f.home, 'config.toml'), good);
  const back = await f.ssh(alice, ['status']);
  assert.doesNotMatch(back.stderr, /warning/);
});
