// loadConfig against real files in a temporary MYPAAS_HOME, plus the home helpers and the example file.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { isMypaasError } from '../../src/core/errors.js';
import { expandHome, mypaasHome } from '../../src/config/home.js';
import { configPath, loadConfig } from '../../src/config/load-config.js';
import { SCHEMA, type KeySpec } from '../../src/config/schema.js';
import { parseConfig } from '../../src/config/validate-config.js';

const exampleFile = new URL('../../../config.example.toml', import.meta.url);

async function tempHome(t: TestContext, configText?: string): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'mypaas-config-'));
  t.after(() => rm(home, { recursive: true, force: true }));
  if (configText !== undefined) await writeFile(configPath(home), configText);
  return home;
}

test('a missing config.toml gives every default, paths under the home', async (t) => {
  const home = await tempHome(t);
  const config = await loadConfig(home, { userHome: '/home/ann' });
  assert.equal(config.proxy.driver, 'traefik');
  assert.equal(config.proxy.certsDir, join(home, 'certs'));
  assert.deepEqual(config.deploy.allowedVolumeRoots, [join(home, 'volumes'), '/home/ann']);
  assert.deepEqual(config.env, {});
});

test('a valid file is read, ~/ expanded against the user home', async (t) => {
  const home = await tempHome(t, '[env]\nKEY = "v"\n[proxy]\ncerts_dir = "~/c"\n');
  const config = await loadConfig(home, { userHome: '/home/ann' });
  assert.deepEqual(config.env, { KEY: { value: 'v', services: null } });
  assert.equal(config.proxy.certsDir, '/home/ann/c');
});

test('invalid TOML throws CONFIG_SYNTAX naming the file, line and column', async (t) => {
  const home = await tempHome(t, '[env]\nTOKEN = "abc-SECRET\n');
  await assert.rejects(loadConfig(home), (err) => {
    assert.ok(isMypaasError(err, 'CONFIG_SYNTAX'));
    assert.ok(err.message.startsWith(`${configPath(home)}:2:20: `), err.message);
    assert.doesNotMatch(JSON.stringify([err.message, err.details, err.hint]), /SECRET/);
    return true;
  });
});

test('invalid values throw CONFIG_INVALID with every problem in details', async (t) => {
  const home = await tempHome(t, '[proxy]\nhttp_port = "80"\nemial = "a@b.co"\n[env]\nN = 1\n');
  await assert.rejects(loadConfig(home), (err) => {
    assert.ok(isMypaasError(err, 'CONFIG_INVALID'));
    assert.ok(err.message.includes(configPath(home)));
    assert.deepEqual(
      err.details.map((d) => d.split(': ')[0]),
      ['config.toml:2', 'config.toml:3', 'config.toml:5'],
    );
    return true;
  });
});

test('warnings go to onWarning and do not stop loading', async (t) => {
  const home = await tempHome(t, '[env]\nEMPTY = ""\n');
  const warnings: string[] = [];
  const config = await loadConfig(home, { onWarning: (w) => warnings.push(w) });
  assert.deepEqual(config.env, { EMPTY: { value: '', services: null } });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', /^config\.toml:2: /);
});

test('a config.toml that cannot be read throws CONFIG_NOT_FOUND', async (t) => {
  const home = await tempHome(t);
  await mkdir(configPath(home));
  await assert.rejects(loadConfig(home), (err) => isMypaasError(err, 'CONFIG_NOT_FOUND'));
});

test('mypaasHome: MYPAAS_HOME wins, ~/ expands, otherwise ~/_mypaas', () => {
  assert.equal(mypaasHome({ MYPAAS_HOME: '/srv/mypaas' }), '/srv/mypaas');
  assert.equal(mypaasHome({ MYPAAS_HOME: '~/paas' }), join(homedir(), 'paas'));
  assert.equal(mypaasHome({}), join(homedir(), '_mypaas'));
  assert.equal(mypaasHome({ MYPAAS_HOME: '' }), join(homedir(), '_mypaas'));
});

test('expandHome: only a leading ~ or ~/', () => {
  assert.equal(expandHome('~/a/b', '/home/ann'), '/home/ann/a/b');
  assert.equal(expandHome('~', '/home/ann'), '/home/ann');
  assert.equal(expandHome('/abs/~/x', '/home/ann'), '/abs/~/x');
  assert.equal(expandHome('~bob/x', '/home/ann'), '~bob/x');
  assert.equal(expandHome('rel', '/home/ann'), 'rel');
});

test('config.example.toml parses and shows every schema key with its default', async () => {
  const text = await readFile(exampleFile, 'utf8');
  const dirs = { home: '/home/ann/_mypaas', userHome: '/home/ann' };
  assert.equal(parseConfig(text, 'config.example.toml', dirs).ok, true);
  for (const [section, specs] of Object.entries(SCHEMA)) {
    const body = text.split(`\n[${section}]\n`)[1]?.split('\n[')[0] ?? '';
    for (const spec of Object.values<KeySpec<unknown>>(specs)) {
      const line = `# ${spec.key} = ${spec.defaultToml}`;
      assert.ok(body.split('\n').includes(line), `[${section}] needs the line: ${line}`);
    }
  }
});

test('config.example.toml with every key uncommented gives the defaults', async () => {
  const text = await readFile(exampleFile, 'utf8');
  const uncommented = text.replace(/^# (?=[A-Za-z_]\w* = )/gm, '');
  const dirs = { home: '/home/ann/_mypaas', userHome: '/home/ann' };
  const asIs = parseConfig(text, 'config.example.toml', dirs);
  const result = parseConfig(uncommented, 'config.example.toml', dirs);
  assert.ok(asIs.ok && result.ok, JSON.stringify(result));
  assert.ok(Object.keys(result.config.env).length > 0, 'the [env] example is uncommented too');
  assert.deepEqual({ ...result.config, env: {} }, asIs.config);
});
