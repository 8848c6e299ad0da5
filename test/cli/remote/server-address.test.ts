// SERVER arguments: `[user@]host[:port]` (IPv6 in brackets) and names from servers.toml, read from real files.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isMypaasError, type MypaasError } from '../../../src/core/errors.js';
import { clientConfigDir } from '../../../src/cli/remote/client-config.js';
import { parseServerAddress, resolveServer } from '../../../src/cli/remote/server-address.js';
import { tempDir } from './ssh-test-server.js';

test('addresses parse into user, host and port; IPv6 needs brackets only before a port', () => {
  const cases: [string, ReturnType<typeof parseServerAddress>][] = [
    ['example.com', { host: 'example.com' }],
    ['Example.COM', { host: 'example.com' }],
    ['203.0.113.7:2200', { host: '203.0.113.7', port: 2200 }],
    ['deploy@203.0.113.7', { user: 'deploy', host: '203.0.113.7' }],
    ['deploy@my-host_1.internal:22', { user: 'deploy', host: 'my-host_1.internal', port: 22 }],
    ['[2001:db8::1]:2222', { host: '2001:db8::1', port: 2222 }],
    ['root@[::1]', { user: 'root', host: '::1' }],
    ['::1', { host: '::1' }],
    ['fe80::1%eth0', { host: 'fe80::1%eth0' }],
  ];
  for (const [text, expected] of cases) assert.deepEqual(parseServerAddress(text), expected, text);
});

test('bad addresses are usage errors that say what is wrong', () => {
  const cases: [string, RegExp][] = [
    ['host:0', /port 0, outside/],
    ['host:70000', /port 70000/],
    ['[example.com]:22', /brackets around something other than an IPv6/],
    ['a@b@c', /not \[user@\]host\[:port\]/],
    ['', /not \[user@\]host\[:port\]/],
    ['host:', /has "host:" where a host name/],
    ['-oProxyCommand=x', /where a host name/],
    ['us er@host', /not \[user@\]host/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseServerAddress(text),
      (err: MypaasError) =>
        isMypaasError(err, 'USAGE') &&
        message.test(err.message) &&
        /servers.toml/.test(err.hint ?? ''),
      text,
    );
  }
});

test('a servers.toml name wins over a host of the same name; defaults fill what it leaves out', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'servers.toml');
  await writeFile(
    file,
    '[servers.prod]\nhost = "203.0.113.7"\nport = 2200\nuser = "deploy"\nidentity = "~/.ssh/deploy"\n\n' +
      '[servers.lab]\nhost = "[2001:db8::5]"\n',
  );
  assert.deepEqual(await resolveServer('prod', file), {
    label: 'prod',
    host: '203.0.113.7',
    port: 2200,
    user: 'deploy',
    identity: join(homedir(), '.ssh/deploy'),
  });
  assert.deepEqual(await resolveServer('lab', file), {
    label: 'lab',
    host: '2001:db8::5',
    port: 2222,
    user: 'mypaas',
  });
  assert.deepEqual(await resolveServer('other.example.com', file), {
    label: 'other.example.com',
    host: 'other.example.com',
    port: 2222,
    user: 'mypaas',
  });
  assert.deepEqual(await resolveServer('prod', join(dir, 'missing.toml')), {
    label: 'prod',
    host: 'prod',
    port: 2222,
    user: 'mypaas',
  });
});

test('servers.toml problems name the file and line, every one of them', async (t) => {
  const dir = await tempDir(t);
  const file = join(dir, 'servers.toml');
  await writeFile(
    file,
    '[servers.prod]\nhost = "203.0.113.7"\nport = "2222"\n\n[servers.lab]\nuser = "x"\nhots = "a"\n',
  );
  const err = await resolveServer('prod', file).then(
    () => assert.fail('expected an error'),
    (e: MypaasError) => e,
  );
  assert.equal(err.code, 'CONFIG_INVALID');
  assert.match(err.message, /servers.toml has 3 problems/);
  assert.deepEqual(
    err.details.map((d) => d.replace(file, 'FILE')),
    [
      'FILE:3: servers.prod.port must be a whole number from 1 to 65535, e.g. port = 2222',
      'FILE:5: servers.lab.host is missing; e.g. host = "203.0.113.7"',
      'FILE:7: servers.lab: unknown key "hots"; known keys: host, port, user, identity',
    ],
  );
  await writeFile(file, '[servers.prod]\nhost = "203.0.113.7"\nport = = 2\n');
  await assert.rejects(resolveServer('prod', file), (e: MypaasError) => {
    assert.equal(e.code, 'CONFIG_SYNTAX');
    assert.match(e.message, new RegExp(`^${file.replace(/[.]/g, '\\.')}:3:\\d+: `));
    return true;
  });
});

test('the CLI config lives in $XDG_CONFIG_HOME/mypaas, else ~/.config/mypaas', () => {
  assert.equal(clientConfigDir({}, '/home/ann'), '/home/ann/.config/mypaas');
  assert.equal(clientConfigDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/ann'), '/cfg/mypaas');
});
