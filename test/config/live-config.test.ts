// openLiveConfig against real files in a temporary MYPAAS_HOME: a changed text is taken, a bad one
// keeps the last good config, restart-only keys hold their start values; and the example's list.
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { isMypaasError } from '../../src/core/errors.js';
import { openLiveConfig } from '../../src/config/live-config.js';
import { configPath } from '../../src/config/load-config.js';
import { SCHEMA, type KeySpec, type SectionName } from '../../src/config/schema.js';

const exampleFile = new URL('../../../config.example.toml', import.meta.url);

async function tempHome(t: TestContext, text: string): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'mypaas-live-'));
  t.after(() => rm(home, { recursive: true, force: true }));
  await writeFile(configPath(home), text);
  return home;
}

test('a changed config.toml is taken at the next refresh, and only reported as changed once', async (t) => {
  const home = await tempHome(t, '[env]\nA = "1"\n');
  const live = await openLiveConfig(home, { userHome: '/home/ann' });
  assert.equal((await live.refresh()).changed, false);
  await writeFile(configPath(home), '[env]\nA = "1"\nB = "2"\n');
  const [first, second] = await Promise.all([live.refresh(), live.refresh()]);
  assert.deepEqual([first?.changed, second?.changed], [true, false]);
  assert.deepEqual(Object.keys(live.config.env), ['A', 'B']);
});

test('an edit that does not validate keeps the last good config until the file is fixed', async (t) => {
  const home = await tempHome(t, '[env]\nA = "1"\n');
  const live = await openLiveConfig(home, { userHome: '/home/ann' });
  await writeFile(configPath(home), '[env]\nA = "1"\nB = 2\n');
  const bad = await live.refresh();
  assert.equal(bad.changed, true);
  assert.match(bad.errors.join('\n'), /^config\.toml:3: \[env\] B: expected a string/);
  assert.deepEqual(Object.keys(live.config.env), ['A']);
  const again = await live.refresh();
  assert.deepEqual([again.changed, again.errors], [false, bad.errors], 'still said, not re-logged');

  await chmod(configPath(home), 0o000);
  if (process.getuid?.() !== 0) {
    const unreadable = await live.refresh();
    assert.match(unreadable.errors.join(''), /cannot read .*config\.toml \(EACCES\)/);
  }
  await chmod(configPath(home), 0o600);
  await writeFile(configPath(home), '[env]\nB = "2"\n');
  const fixed = await live.refresh();
  assert.deepEqual([fixed.changed, fixed.errors], [true, []]);
  assert.deepEqual(Object.keys(live.config.env), ['B']);
});

test('restart-only keys keep their start values and say so; the others apply', async (t) => {
  const home = await tempHome(t, '[proxy]\ndriver = "none"\n');
  const live = await openLiveConfig(home, { userHome: '/home/ann' });
  await writeFile(
    configPath(home),
    '[proxy]\ndriver = "haproxy"\n[daemon]\nssh_listen = "127.0.0.1:22"\nmax_upload_files = 9\n',
  );
  const state = await live.refresh();
  assert.deepEqual(
    state.restart.map((c) => [`[${c.section}] ${c.key}`, c.restart, c.wanted]),
    [
      ['[proxy] driver', 'proxy', 'haproxy'],
      ['[daemon] ssh_listen', 'daemon', '127.0.0.1:22'],
    ],
  );
  assert.equal(live.config.proxy.driver, 'none');
  assert.equal(live.config.daemon.sshListen, '0.0.0.0:2222');
  assert.equal(live.config.daemon.maxUploadFiles, 9);
});

test('a config.toml that does not validate at start still stops the start', async (t) => {
  const home = await tempHome(t, '[deploy]\nkeep_releases = 0\n');
  await assert.rejects(openLiveConfig(home, { userHome: '/home/ann' }), (err) =>
    isMypaasError(err, 'CONFIG_INVALID'),
  );
});

test("config.example.toml's first lines list exactly the restart-only keys", async () => {
  const text = await readFile(exampleFile, 'utf8');
  const line = text.split('\n').find((l) => l.includes('wait for a restart')) ?? '';
  const listed = new Set<string>();
  let section = '';
  for (const part of line.split(/:\s|,\s/).slice(1)) {
    const match = /^(?:all of )?\[(\w+)\](?: (\w+))?\.?$/.exec(part.trim());
    if (match) section = match[1] ?? '';
    const key = match ? match[2] : part.trim().replace(/\.$/, '');
    listed.add(key === undefined ? `[${section}]` : `[${section}] ${key}`);
  }
  const expected = new Set<string>();
  for (const name of Object.keys(SCHEMA) as SectionName[]) {
    const specs = Object.values<KeySpec<unknown>>(SCHEMA[name]);
    const held = specs.filter((s) => s.restart);
    if (held.length === specs.length) expected.add(`[${name}]`);
    else for (const spec of held) expected.add(`[${name}] ${spec.key}`);
  }
  assert.deepEqual([...listed].sort(), [...expected].sort());
});
