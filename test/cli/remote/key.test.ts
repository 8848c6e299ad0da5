// `mypaas key` as a real process: the OpenSSH public key line of the key the CLI would use.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { mypaas, runInTerminal } from './remote-fixture.js';
import { makeClientKey, tempDir } from './ssh-test-server.js';

test('mypaas key prints an OpenSSH public key line that ssh-keygen reads', async (t) => {
  const home = await tempDir(t);
  const key = await makeClientKey(t, { type: 'ecdsa' });
  const result = await mypaas(home, ['key'], { MYPAAS_IDENTITY: key.path });
  assert.equal(result.exitCode, 0, String(result.stderr));
  assert.equal(String(result.stdout), key.publicLine);
  assert.match(String(result.stdout), /^ecdsa-sha2-nistp256 AAAA[A-Za-z0-9+/=]+ test@mypaas$/);
  assert.equal(String(result.stderr), `from ${key.path}`);
  const listed = execFileSync('ssh-keygen', ['-l', '-f', '-'], {
    input: `${String(result.stdout)}\n`,
    encoding: 'utf8',
  });
  assert.match(listed, /^256 SHA256:\S+ test@mypaas \(ECDSA\)$/m);
});

test('an encrypted key is shown from its .pub; without it the passphrase is asked on a terminal, or refused', async (t) => {
  const home = await tempDir(t);
  await mkdir(join(home, '.ssh'));
  const key = await makeClientKey(t, {
    dir: join(home, '.ssh'),
    name: 'id_ed25519',
    passphrase: 'pass phrase',
  });
  const shown = await mypaas(home, ['key']);
  assert.equal(shown.exitCode, 0, String(shown.stderr));
  assert.equal(String(shown.stdout), key.publicLine);
  await rm(`${key.path}.pub`);
  const asked = await runInTerminal(
    home,
    ['key'],
    {},
    { prompt: 'Passphrase for', answer: 'pass phrase' },
  );
  assert.equal(asked.exitCode, 0, asked.output);
  assert.match(asked.output, new RegExp(`Passphrase for ${key.path}: `));
  assert.ok(asked.output.includes(key.publicLine), asked.output);
  assert.doesNotMatch(asked.output, /pass phrase/, 'the passphrase is not echoed');
  const locked = await mypaas(home, ['key']);
  assert.equal(locked.exitCode, 1);
  assert.match(
    String(locked.stderr),
    /^error: the SSH key .*id_ed25519 is encrypted and there is no terminal to ask for its passphrase\nhint: add it to your ssh-agent/,
  );
});

test('mypaas key SERVER uses the identity servers.toml names for it', async (t) => {
  const home = await tempDir(t);
  const key = await makeClientKey(t);
  await mkdir(join(home, '.config', 'mypaas'), { recursive: true });
  await writeFile(
    join(home, '.config', 'mypaas', 'servers.toml'),
    `[servers.prod]\nhost = "203.0.113.7"\nidentity = "${key.path}"\n`,
  );
  const result = await mypaas(home, ['key', 'prod']);
  assert.equal(result.exitCode, 0, String(result.stderr));
  assert.equal(String(result.stdout), key.publicLine);
  const none = await mypaas(home, ['key']);
  assert.equal(none.exitCode, 1);
  assert.match(String(none.stderr), /no SSH key found/);
});
