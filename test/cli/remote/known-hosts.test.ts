// Trust on first use and changed host keys, through the real CLI and checked with the real ssh-keygen,
// against the stand-in ssh2 daemon of ssh-test-server.ts (the daemon's own end-to-end tests cover the
// real server).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import ssh2 from 'ssh2';
import { hostPattern } from '../../../src/cli/remote/known-hosts.js';
import { remoteFixture, succeed } from './remote-fixture.js';
import { tempDir } from './ssh-test-server.js';

test('the first connection trusts the host key and saves it as OpenSSH would; ssh-keygen -F finds it', async (t) => {
  const f = await remoteFixture(t, (call) => succeed(call, []));
  const first = await f.run(['status', f.address]);
  assert.equal(first.exitCode, 0, String(first.stderr));
  const pattern = `[127.0.0.1]:${f.server.port}`;
  assert.equal(await readFile(f.knownHosts, 'utf8'), `${pattern} ${f.server.hostKeyLine}\n`);
  const found = execFileSync('ssh-keygen', ['-F', pattern, '-f', f.knownHosts], {
    encoding: 'utf8',
  });
  assert.match(found, new RegExp(`^\\[127\\.0\\.0\\.1\\]:${f.server.port} ssh-ed25519 `, 'm'));
  const fingerprint = sshKeygenFingerprint(f.server.hostKeyLine);
  assert.match(
    String(first.stderr),
    new RegExp(
      `trusting \\[127.0.0.1\\]:${f.server.port} on first use: ssh-ed25519 key ${escape(fingerprint)}`,
    ),
  );

  // Hashed by ssh-keygen -H, the entry still matches: no new note, no second line.
  execFileSync('ssh-keygen', ['-H', '-f', f.knownHosts], { stdio: 'ignore' });
  const again = await f.run(['status', f.address]);
  assert.equal(again.exitCode, 0, String(again.stderr));
  assert.equal(String(again.stderr), '');
  assert.equal((await readFile(f.knownHosts, 'utf8')).trim().split('\n').length, 1);
});

test('a changed host key stops the command, shows both fingerprints and how to reset', async (t) => {
  const f = await remoteFixture(t, (call) => succeed(call, []));
  const pattern = `[127.0.0.1]:${f.server.port}`;
  const old = ssh2.utils.parseKey(ssh2.utils.generateKeyPairSync('ed25519').public);
  if (old instanceof Error || Array.isArray(old)) throw new Error('key');
  const oldLine = `${pattern} ssh-ed25519 ${old.getPublicSSH().toString('base64')}`;
  await mkdir(dirname(f.knownHosts), { recursive: true });
  await writeFile(
    f.knownHosts,
    `# mine\nexample.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n${oldLine}\n`,
  );
  const result = await f.run(['status', f.address]);
  assert.equal(result.exitCode, 1);
  assert.deepEqual(f.server.commands, [], 'nothing ran on the impostor');
  const stderr = String(result.stderr);
  assert.match(stderr, /^error: WARNING: THE HOST KEY OF \[127\.0\.0\.1\]:\d+ HAS CHANGED/);
  assert.match(
    stderr,
    new RegExp(
      `trusted: ED25519 key ${escape(sshKeygenFingerprint(oldLine.slice(pattern.length + 1)))} \\(${escape(f.knownHosts)}, line 3\\)`,
    ),
  );
  assert.match(
    stderr,
    new RegExp(`offered: ED25519 key ${escape(sshKeygenFingerprint(f.server.hostKeyLine))}`),
  );
  assert.match(stderr, new RegExp(`line 3 to delete: ${escape(oldLine)}`));
  const reset = `ssh-keygen -R '${pattern}' -f ${f.knownHosts}`;
  assert.match(stderr, new RegExp(`hint: .*${escape(reset)}`));

  // Doing what the hint says lets the next connection trust the new key.
  execFileSync('ssh-keygen', ['-R', pattern, '-f', f.knownHosts], { stdio: 'ignore' });
  const after = await f.run(['status', f.address]);
  assert.equal(after.exitCode, 0, String(after.stderr));
  assert.match(await readFile(f.knownHosts, 'utf8'), /^example\.com /m);
});

test('known_hosts names a host plainly on port 22 and as [host]:port otherwise', () => {
  assert.equal(hostPattern('example.com', 22), 'example.com');
  assert.equal(hostPattern('example.com', 2222), '[example.com]:2222');
  assert.equal(hostPattern('2001:db8::1', 2222), '[2001:db8::1]:2222');
});

test('fingerprints read like ssh-keygen -l prints them', async (t) => {
  const { fingerprint } = await import('../../../src/cli/remote/known-hosts.js');
  const dir = await tempDir(t);
  const path = join(dir, 'k');
  execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', path]);
  const line = await readFile(`${path}.pub`, 'utf8');
  assert.equal(
    fingerprint(Buffer.from(line.split(' ')[1] ?? '', 'base64')),
    sshKeygenFingerprint(line),
  );
});

function sshKeygenFingerprint(publicLine: string): string {
  const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', '-'], {
    input: publicLine,
    encoding: 'utf8',
  });
  return out.split(' ')[1] ?? '';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
