// Key discovery and loading against real key files (made by ssh-keygen), a real ssh-agent, and the
// stand-in ssh2 daemon of ssh-test-server.ts (the daemon's own end-to-end tests cover the real server).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { test, type TestContext } from 'node:test';
import type { MypaasError } from '../../../src/core/errors.js';
import { keySources, loadPrivateKey } from '../../../src/cli/remote/identity.js';
import { firstPublicKey } from '../../../src/cli/remote/public-key.js';
import { withSession } from '../../../src/cli/remote/remote-session.js';
import { makeClientKey, startTestServer, tempDir } from './ssh-test-server.js';

test('keys are looked for in order: --identity, MYPAAS_IDENTITY, servers.toml, agent, ~/.ssh', async (t) => {
  const home = await tempDir(t);
  await mkdir(join(home, '.ssh'));
  for (const name of ['id_rsa', 'id_ed25519']) await writeFile(join(home, '.ssh', name), 'x');
  const agent = { SSH_AUTH_SOCK: '/run/agent.sock' };
  const files = (names: string[]) =>
    names.map((n) => ({ kind: 'file', path: join(home, '.ssh', n) }));
  assert.deepEqual(keySources({ env: agent, home }), [
    { kind: 'agent', socket: '/run/agent.sock' },
    ...files(['id_ed25519', 'id_rsa']),
  ]);
  assert.deepEqual(keySources({ env: {}, home }), files(['id_ed25519', 'id_rsa']));
  const only = (path: string) => [{ kind: 'file', path }];
  assert.deepEqual(
    keySources({ env: { ...agent, MYPAAS_IDENTITY: '~/k' }, home, serverIdentity: '/s' }),
    only(join(home, 'k')),
  );
  assert.deepEqual(
    keySources({ identity: '/flag', env: { MYPAAS_IDENTITY: '/env' }, home }),
    only('/flag'),
  );
  assert.deepEqual(keySources({ env: agent, home, serverIdentity: '/s' }), only('/s'));
  const empty = await tempDir(t);
  assert.throws(
    () => keySources({ env: {}, home: empty }),
    (e: MypaasError) => e.code === 'KEY_NOT_FOUND' && /ssh-keygen/.test(e.hint ?? ''),
  );
});

test('an encrypted key asks for its passphrase, again when wrong, and fails clearly without a terminal', async (t) => {
  const key = await makeClientKey(t, { passphrase: 'correct horse' });
  const asked: string[] = [];
  const answers = ['wrong', 'correct horse'];
  const loaded = await loadPrivateKey(key.path, (question) => {
    asked.push(question);
    return Promise.resolve(answers.shift() ?? '');
  });
  assert.equal(loaded.type, 'ssh-ed25519');
  assert.deepEqual(asked, [
    `Passphrase for ${key.path}: `,
    `wrong passphrase, try again. Passphrase for ${key.path}: `,
  ]);
  await assert.rejects(loadPrivateKey(key.path), (e: MypaasError) => {
    assert.equal(e.code, 'AUTH_FAILED');
    assert.match(e.message, /is encrypted and there is no terminal/);
    assert.match(e.hint ?? '', /ssh-add /);
    return true;
  });
  await assert.rejects(
    loadPrivateKey(key.path, () => Promise.resolve('nope')),
    (e: MypaasError) => e.code === 'AUTH_FAILED' && /wrong passphrase/.test(e.message),
  );
  await assert.rejects(
    loadPrivateKey(`${key.path}.pub`),
    (e: MypaasError) => e.code === 'KEY_INVALID',
  );
  await assert.rejects(
    loadPrivateKey(`${key.path}.missing`),
    (e: MypaasError) => e.code === 'KEY_NOT_FOUND',
  );
});

test('MYPAAS_IDENTITY names an encrypted key; the prompt unlocks it and the server accepts it', async (t) => {
  const key = await makeClientKey(t, { passphrase: 'open sesame', type: 'ecdsa' });
  const server = await startTestServer(t, {
    authorized: [key.publicLine],
    handle: (call) => call.exit(0),
  });
  const home = await tempDir(t);
  const env = { MYPAAS_IDENTITY: key.path, SSH_AUTH_SOCK: '/nonexistent.sock' };
  const prompt = () => Promise.resolve('open sesame');
  const user = await withSession(
    `ann@127.0.0.1:${server.port}`,
    { env, home, prompt, notes: new PassThrough() },
    (_c, target) => Promise.resolve(target.user),
  );
  assert.equal(user, 'ann');
  assert.deepEqual(server.users, ['ann']);
});

test('the ssh-agent is tried first, then ~/.ssh keys; `key` shows the agent key it would offer', async (t) => {
  const home = await tempDir(t);
  await mkdir(join(home, '.ssh'));
  const stranger = await makeClientKey(t, { type: 'rsa' });
  const own = await makeClientKey(t, { dir: join(home, '.ssh'), name: 'id_ed25519' });
  const socket = await startAgent(t, [stranger.path]);
  const server = await startTestServer(t, {
    authorized: [own.publicLine],
    handle: (call) => call.exit(0),
  });
  const env = { SSH_AUTH_SOCK: socket };
  // The agent's key is refused; the client falls back to ~/.ssh/id_ed25519, which is accepted.
  await withSession(`127.0.0.1:${server.port}`, { env, home, notes: new PassThrough() }, () =>
    Promise.resolve(),
  );
  assert.equal(server.users.length, 1);
  const shown = await firstPublicKey(keySources({ env, home }));
  assert.equal(
    shown.line.split(' ').slice(0, 2).join(' '),
    stranger.publicLine.split(' ').slice(0, 2).join(' '),
  );
  assert.equal(shown.source, `ssh-agent (${socket})`);
  const fromFile = await firstPublicKey(keySources({ env: {}, home }));
  assert.equal(fromFile.line, own.publicLine);
});

test('a ~/.ssh key that cannot be unlocked without a terminal is skipped for the next one', async (t) => {
  const home = await tempDir(t);
  await mkdir(join(home, '.ssh'));
  await makeClientKey(t, {
    dir: join(home, '.ssh'),
    name: 'id_ed25519',
    passphrase: 'locked away',
  });
  const rsa = await makeClientKey(t, { dir: join(home, '.ssh'), name: 'id_rsa', type: 'rsa' });
  const server = await startTestServer(t, {
    authorized: [rsa.publicLine],
    handle: (call) => call.exit(0),
  });
  const address = `127.0.0.1:${server.port}`;
  await withSession(address, { env: {}, home, notes: new PassThrough() }, () => Promise.resolve());
  assert.equal(server.users.length, 1);
  // When no key gets in, the locked one is what the person needs to hear about.
  const other = await startTestServer(t, { authorized: [], handle: (call) => call.exit(0) });
  await assert.rejects(
    withSession(`127.0.0.1:${other.port}`, { env: {}, home, notes: new PassThrough() }, () =>
      Promise.resolve(),
    ),
    (e: MypaasError) =>
      e.code === 'AUTH_FAILED' && /is encrypted and there is no terminal/.test(e.message),
  );
});

// A real ssh-agent on a private socket, holding `keys`; killed after the test.
async function startAgent(t: TestContext, keys: string[]): Promise<string> {
  const dir = await tempDir(t);
  const socket = join(dir, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  t.after(() => agent.kill());
  for (let i = 0; i < 100 && !existsSync(socket); i++) await sleep(20);
  for (const key of keys)
    execFileSync('ssh-add', ['-q', key], {
      env: { ...process.env, SSH_AUTH_SOCK: socket },
      stdio: 'ignore',
    });
  return socket;
}
