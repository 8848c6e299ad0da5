// Who gets in and what they may ask for: unknown keys, removed keys, shells, PTYs, forwarding,
// unknown commands — each refused, with a message that says what is allowed.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import test from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeEvent } from '../../../src/core/protocol.js';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import ssh2, { BaseAgent, type ParsedKey } from 'ssh2';
import { parsePublicKey } from '../../../src/core/ssh-keys.js';
import { addKey, removeKey } from '../../../src/daemon/state/keys.js';
import { connect, daemonFixture, execOverSsh2, makeKey } from './daemon-fixture.js';

test('a key that is not in the keys table cannot log in, with ssh2 or OpenSSH', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-stranger-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const stranger = await makeKey(dir, 'stranger');
  await assert.rejects(
    connect(f.port, await readFile(stranger.privateFile)),
    (err: Error & { level?: string }) => {
      assert.equal(err.level, 'client-authentication');
      return true;
    },
  );
  const openssh = await f.ssh(stranger, ['status']);
  assert.equal(openssh.code, 255);
  assert.match(openssh.stderr, /Permission denied \(publickey\)/);
  assert.ok(f.log.some((line) => line.includes('unknown key')));
});

/** An agent that offers a real public key but signs with garbage: a client without the private key. */
class ForgingAgent extends BaseAgent<ParsedKey> {
  constructor(
    private readonly key: ParsedKey,
    private readonly signature: Buffer,
  ) {
    super();
  }
  getIdentities(cb: (err: Error | undefined, keys?: ParsedKey[]) => void): void {
    cb(undefined, [this.key]);
  }
  sign(_key: ParsedKey, _data: Buffer, ...rest: unknown[]): void {
    const cb = rest.at(-1) as (err: Error | undefined, signature?: Buffer) => void;
    cb(undefined, this.signature);
  }
}

/** A DER SEQUENCE of two random positive INTEGERs of `size` bytes: an ECDSA signature's shape. */
function derPair(size: number): Buffer {
  const int = () => {
    const value = randomBytes(size);
    value[0] = (value[0] ?? 0) & 0x7f;
    return Buffer.concat([Buffer.from([0x02, size]), value]);
  };
  const body = Buffer.concat([int(), int()]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

test('a known public key with a forged signature is refused', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  for (const [name, type] of [
    ['ed', 'ed25519'],
    ['ec', 'ecdsa'],
    ['rsa', 'rsa'],
  ] as const) {
    const dir = await mkdtemp(join(tmpdir(), 'mypaas-forge-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const other = await makeKey(dir, name, type);
    addKey(f.engine.db, {
      name,
      key: parsePublicKey(await readFile(other.publicFile, 'utf8')),
      role: 'admin',
      services: [],
    });
    const parsed = ssh2.utils.parseKey(await readFile(other.publicFile)) as ParsedKey;
    // The client re-encodes an agent's ECDSA signature from DER, so those are random DER pairs.
    const forged =
      type === 'ecdsa'
        ? [derPair(32), derPair(1), derPair(48)]
        : [randomBytes(64), Buffer.alloc(0), randomBytes(3), randomBytes(600)];
    for (const signature of forged) {
      await assert.rejects(
        new Promise((resolve, reject) => {
          const client = new ssh2.Client();
          client.on('ready', () => {
            client.end();
            resolve('logged in');
          });
          client.on('error', reject);
          client.connect({
            host: '127.0.0.1',
            port: f.port,
            username: 'x',
            agent: new ForgingAgent(parsed, signature),
          });
        }),
        (err: Error & { level?: string }) => err.level === 'client-authentication',
        `${type}, signature of ${signature.length} bytes`,
      );
    }
  }
  assert.ok(f.log.some((line) => line.includes('bad signature')));
});

test('a removed key is refused at its next login, and at its next command on an open connection', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const client = await connect(f.port, await readFile(alice.privateFile));
  t.after(() => client.end());
  removeKey(f.engine.db, 'alice');
  const result = await new Promise<{ code: number | null; out: string }>((resolve, reject) =>
    client.exec('status --events=json', (err, channel) => {
      if (err) return reject(err);
      let out = '';
      let code: number | null = null;
      channel.on('data', (c: Buffer) => (out += c.toString()));
      channel.on('exit', (status: number) => (code = status));
      channel.on('close', () => resolve({ code, out }));
    }),
  );
  assert.equal(result.code, 1);
  const last = decodeEvent(result.out.trim().split('\n').at(-1) ?? '');
  assert.equal(last?.type === 'result' && !last.ok && last.error.code, 'AUTH_FAILED');
  await assert.rejects(connect(f.port, await readFile(alice.privateFile)));
});

test('shell and port forwarding requests are refused, a PTY is granted without one; a shell is told what is allowed', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const client = await connect(f.port, await readFile(alice.privateFile));
  t.after(() => client.end());

  const shell = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) =>
    client.shell(false, (err, channel) => {
      if (err) return reject(err);
      let stderr = '';
      let code: number | null = null;
      channel.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      channel.on('exit', (status: number) => (code = status));
      channel.on('close', () => resolve({ code, stderr }));
      channel.resume(); // the channel closes only once stdout was read to its end
    }),
  );
  assert.equal(shell.code, 1);
  assert.match(shell.stderr, /no shell here/);
  assert.match(shell.stderr, /push \[--env NAME\]/);

  // A PTY request is granted without a PTY, so `ssh -t host status` gets its answer.
  const pty = await new Promise<{ code: number | null; out: string }>((resolve, reject) =>
    client.exec('status', { pty: true }, (err, channel) => {
      if (err) return reject(err);
      let out = '';
      let code: number | null = null;
      channel.on('data', (c: Buffer) => (out += c.toString()));
      channel.on('exit', (status: number) => (code = status));
      channel.on('close', () => resolve({ code, out }));
    }),
  );
  assert.equal(pty.code, 0);
  assert.equal(pty.out, 'no services yet: deploy one with mypaas push\r\n');
  const terminal = await execa('ssh', ['-tt', ...f.sshArgs(alice), 'status'], {
    reject: false,
    timeout: 120_000,
  });
  assert.equal(terminal.exitCode, 0, terminal.stderr);
  assert.match(terminal.stdout, /no services yet/);
  const ptyShell = await execa('ssh', ['-tt', ...f.sshArgs(alice)], {
    reject: false,
    timeout: 120_000,
  });
  assert.equal(ptyShell.exitCode, 1, 'a shell stays refused with a PTY too');

  const forward = await new Promise<Error | undefined>((resolve) =>
    client.forwardOut('127.0.0.1', 1234, '127.0.0.1', 22, (err) => resolve(err)),
  );
  assert.match(String(forward), /Connection refused|administratively prohibited|open failure/i);

  const listen = await new Promise<Error | undefined>((resolve) =>
    client.forwardIn('127.0.0.1', 0, (err) => resolve(err)),
  );
  assert.ok(listen instanceof Error, 'remote forwarding must be refused');

  const openssh = await f.ssh(alice, [
    '-N',
    '-L',
    '0:127.0.0.1:22',
    '-o',
    'ExitOnForwardFailure=yes',
  ]);
  assert.notEqual(openssh.code, 0);

  const sftp = await new Promise<Error | undefined>((resolve) =>
    client.sftp((err) => resolve(err)),
  );
  assert.ok(sftp instanceof Error, 'sftp must be refused');
});

test('an unknown command is refused with exit 2 and the list of commands; so is a shell line', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  for (const command of [
    'bash',
    'cat /etc/passwd',
    'sh -c id',
    'status; cat /etc/passwd',
    'help',
  ]) {
    const result = await f.ssh(alice, [command]);
    assert.equal(result.code, 2, `${command}: ${result.stderr}`);
    assert.match(result.stderr, /allowed commands:/);
    for (const name of [
      'push',
      'status',
      'deployments',
      'logs',
      'rollback',
      'redeploy',
      'env',
      'stop',
      'start',
      'rm',
      'keys list',
    ]) {
      assert.match(result.stderr, new RegExp(`^\\s+${name}( |$)`, 'm'), `${name} is listed`);
    }
  }
  const events = await execOverSsh2(
    f.port,
    await readFile(alice.privateFile),
    'bash -i --events=json',
  );
  const result = decodeEvent(events.stdout.trim());
  assert.ok(result?.type === 'result' && !result.ok);
  assert.equal(result.error.code, 'COMMAND_REFUSED');
  assert.ok(result.error.details?.some((line) => line.includes('keys list')));
  assert.equal(events.code, 2);
});
