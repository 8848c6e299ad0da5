// `mypaas server keys` and `server audit` as a user runs them, against keys made by ssh-keygen.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'node:test';
import { execa } from 'execa';
import { makeKey } from './daemon-fixture.js';

const bin = fileURLToPath(new URL('../../../../bin/mypaas.js', import.meta.url));

test('keys add, list and rm: ssh-keygen fingerprints, duplicates and weak keys refused, audited', async (t) => {
  const home = await mkdtemp(join(tmpdir(), 'mypaas-home-'));
  const keys = await mkdtemp(join(tmpdir(), 'mypaas-keys-'));
  t.after(async () => {
    await rm(home, { recursive: true, force: true });
    await rm(keys, { recursive: true, force: true });
  });
  const mypaas = (args: string[], input?: string) =>
    execa('node', [bin, 'server', ...args], {
      env: { MYPAAS_HOME: home, NO_COLOR: '1' },
      input,
      reject: false,
    });
  const alice = await makeKey(keys, 'alice');
  const ci = await makeKey(keys, 'ci', 'ecdsa', 384);
  const old = await makeKey(keys, 'old', 'rsa', 2048);
  const weak = await makeKey(keys, 'weak', 'rsa', 1024);

  const added = await mypaas(['keys', 'add', 'alice', alice.publicFile]);
  assert.equal(added.exitCode, 0, added.stderr);
  assert.match(
    added.stdout,
    new RegExp(`256 ${alice.fingerprint.replace(/[+/]/g, '\\$&')} \\(ED25519\\), admin`),
  );
  const fromStdin = await mypaas(
    ['keys', 'add', 'ci', '-', '--services', 'web,api'],
    await readFile(ci.publicFile, 'utf8'),
  );
  assert.equal(fromStdin.exitCode, 0, fromStdin.stderr);
  assert.equal(
    (await mypaas(['keys', 'add', 'old', old.publicFile, '--role', 'admin'])).exitCode,
    0,
  );

  const list = await mypaas(['keys', 'list', '--json']);
  const rows = JSON.parse(list.stdout) as {
    name: string;
    fingerprint: string;
    role: string;
    services: string[];
    bits: number;
  }[];
  assert.deepEqual(
    rows.map((r) => [r.name, r.fingerprint, r.role, r.services, r.bits]),
    [
      ['alice', alice.fingerprint, 'admin', [], 256],
      ['ci', ci.fingerprint, 'deployer', ['web', 'api'], 384],
      ['old', old.fingerprint, 'admin', [], 2048],
    ],
  );
  const text = await mypaas(['keys', 'list']);
  assert.match(text.stdout, /NAME\s+TYPE\s+BITS\s+FINGERPRINT\s+ROLE\s+SERVICES/);
  assert.ok(text.stdout.includes(ci.fingerprint) && text.stdout.includes('web,api'));

  const refusals: [string[], number, RegExp][] = [
    [['keys', 'add', 'bob', alice.publicFile, '--role', 'admin'], 1, /already added as alice/],
    [['keys', 'add', 'alice', weak.publicFile, '--role', 'admin'], 1, /too weak/],
    [
      ['keys', 'add', 'alice', old.publicFile, '--role', 'admin'],
      1,
      /a key named alice already exists/,
    ],
    [['keys', 'add', 'dave', `${alice.privateFile}`, '--role', 'admin'], 1, /private key/],
    [['keys', 'add', 'dave', old.publicFile, '--role', 'deployer'], 2, /needs the services/],
    [
      ['keys', 'add', 'dave', old.publicFile, '--role', 'admin', '--services', 'web'],
      2,
      /--services is for deployers/,
    ],
    [['keys', 'add', 'bad name', old.publicFile, '--role', 'admin'], 2, /not a key name/],
    [['keys', 'rm', 'nobody'], 1, /no key named or fingerprinted nobody/],
  ];
  for (const [args, code, message] of refusals) {
    const result = await mypaas(args);
    assert.equal(result.exitCode, code, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, message, args.join(' '));
  }

  assert.equal((await mypaas(['keys', 'rm', ci.fingerprint])).exitCode, 0);
  assert.equal((await mypaas(['keys', 'rm', 'old'])).exitCode, 0);
  const left = JSON.parse((await mypaas(['keys', 'list', '--json'])).stdout) as { name: string }[];
  assert.deepEqual(
    left.map((k) => k.name),
    ['alice'],
  );

  const audit = JSON.parse((await mypaas(['audit', '--json'])).stdout) as {
    command: string;
    target: string;
    keyName: string;
  }[];
  assert.deepEqual(
    audit.map((e) => [e.command, e.target.split(' ')[0]]),
    [
      ['keys rm', 'old'],
      ['keys rm', 'ci'],
      ['keys add', 'old'],
      ['keys add', 'ci'],
      ['keys add', 'alice'],
    ],
  );
  assert.ok(audit.every((e) => e.keyName.startsWith('local:')));
});

test('keys add for a deployer names the secrets its services can read, never a value', async (t) => {
  const home = await mkdtemp(join(tmpdir(), 'mypaas-home-'));
  const keys = await mkdtemp(join(tmpdir(), 'mypaas-keys-'));
  t.after(async () => {
    await rm(home, { recursive: true, force: true });
    await rm(keys, { recursive: true, force: true });
  });
  await writeFile(
    join(home, 'config.toml'),
    '[env]\nPLAIN = "plain-S3CRET"\nB_KEY = { value = "b-S3CRET", services = ["web"] }\n' +
      'A_KEY = { value = "a-S3CRET", services = ["web", "other"] }\n',
  );
  const mypaas = (args: string[]) =>
    execa('node', [bin, 'server', ...args], {
      env: { MYPAAS_HOME: home, NO_COLOR: '1' },
      reject: false,
    });
  const ci = await makeKey(keys, 'ci');
  const bot = await makeKey(keys, 'bot');
  const alice = await makeKey(keys, 'alice');

  const text = await mypaas(['keys', 'add', 'ci', ci.publicFile, '--services', 'web,api']);
  assert.equal(text.exitCode, 0, text.stderr);
  assert.match(text.stdout, /^secrets web can read: A_KEY, B_KEY$/m);
  assert.match(text.stdout, /^secrets api can read: none$/m);
  assert.match(text.stdout, /\[env\.KEY\] value = "…" services = \["web"\]/);
  const json = await mypaas(['keys', 'add', 'bot', bot.publicFile, '--services', 'api', '--json']);
  assert.equal(json.exitCode, 0, json.stderr);
  const added = JSON.parse(json.stdout) as { name: string; role: string; secrets: unknown };
  assert.deepEqual([added.name, added.role, added.secrets], ['bot', 'deployer', { api: [] }]);
  const admin = await mypaas(['keys', 'add', 'alice', alice.publicFile, '--json']);
  assert.equal((JSON.parse(admin.stdout) as { secrets: unknown }).secrets, null);
  for (const shown of [text, json, admin]) {
    assert.doesNotMatch(`${shown.stdout}${shown.stderr}`, /S3CRET/);
  }
});
