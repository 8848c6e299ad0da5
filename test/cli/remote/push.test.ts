// `mypaas push` as a real process against the stand-in ssh2 daemon (see ssh-test-server.ts; the
// daemon's own end-to-end tests cover the real server): the exec string, the output, the exit status.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import type { LiveResult } from '../../../src/core/results.js';
import { remoteFixture, runInTerminal, succeed } from './remote-fixture.js';
import { tempDir, writeTree } from './ssh-test-server.js';
import { receiveUpload } from './upload-receiver.js';

const ESC = '\x1b';
const DOCKERFILE = '# mypaas.service=hello\nFROM busybox\nCOPY . /app\n';
const LIVE: LiveResult = {
  service: 'hello',
  env: 'production',
  deployment: 7,
  release: '20261122-011616-a3f9',
  urls: ['https://hello.example.com', 'https://www.hello.example.com'],
  containers: [{ name: 'hello-7-1', ip: '172.18.0.5' }],
};

async function app(t: Parameters<typeof tempDir>[0], extra: Record<string, string> = {}) {
  const dir = await tempDir(t);
  await writeTree(dir, {
    Dockerfile: DOCKERFILE,
    'index.html': 'hi\n',
    'src/a.txt': 'a',
    ...extra,
  });
  return dir;
}

test('push streams the directory, then the build log, and ends with the release and urls', async (t) => {
  const dir = await app(t);
  const received = await tempDir(t);
  const f = await remoteFixture(t, async (call) => {
    await receiveUpload(call.stdin, received);
    call.send({ type: 'step', text: 'building hello' });
    call.send({ type: 'build', line: 'Step 1/2 : FROM busybox' });
    call.send({ type: 'warn', text: 'no healthcheck path, probing /' });
    call.stderr('a note on stderr\n');
    succeed(call, LIVE);
  });
  const result = await f.run(['push', f.address, dir, '--env', 'staging']);
  assert.equal(result.exitCode, 0, String(result.stderr));
  assert.deepEqual(f.server.commands, ['push --env staging --events=json']);
  assert.deepEqual(f.server.users, ['mypaas']);
  assert.equal(await readFile(join(received, 'src/a.txt'), 'utf8'), 'a');
  assert.equal(
    String(result.stdout),
    '==> building hello\nStep 1/2 : FROM busybox\nwarning: no healthcheck path, probing /\n' +
      '✓ hello is live: release 20261122-011616-a3f9 (deployment #7), 1 container\n' +
      '  https://hello.example.com\n  https://www.hello.example.com',
  );
  assert.match(String(result.stderr), /a note on stderr/);
  assert.doesNotMatch(String(result.stderr), /upload/, 'no progress in a pipe');
});

test('a failed deploy exits 1 and shows the error like any mypaas error', async (t) => {
  const dir = await app(t);
  const f = await remoteFixture(t, async (call) => {
    await receiveUpload(call.stdin);
    call.send({ type: 'build', line: 'RUN false' });
    const details = ['the command returned a non-zero code: 1'];
    call.send({
      type: 'result',
      ok: false,
      error: {
        code: 'BUILD_FAILED',
        message: 'building hello failed',
        hint: 'fix the Dockerfile',
        details,
      },
    });
    call.exit(1);
  });
  const result = await f.run(['push', f.address, dir]);
  assert.equal(result.exitCode, 1);
  assert.equal(
    String(result.stderr).split('\n').slice(-3).join('\n'),
    'error: building hello failed\n  the command returned a non-zero code: 1\nhint: fix the Dockerfile',
  );
});

test('the result decides the exit status; no result at all is SSH_FAILED, whatever the exit status', async (t) => {
  const dir = await app(t);
  let answer: 'ok-but-exit-1' | 'silent-exit-0' | 'text-exit-127' = 'ok-but-exit-1';
  const f = await remoteFixture(t, async (call) => {
    await receiveUpload(call.stdin);
    if (answer === 'ok-but-exit-1') call.send({ type: 'result', ok: true, data: LIVE });
    if (answer === 'text-exit-127') call.write('sh: push: not found\n');
    call.exit(answer === 'text-exit-127' ? 127 : answer === 'silent-exit-0' ? 0 : 1);
  });
  assert.equal((await f.run(['push', f.address, dir])).exitCode, 0);
  answer = 'silent-exit-0';
  const silent = await f.run(['push', f.address, dir]);
  assert.equal(silent.exitCode, 1);
  assert.match(
    String(silent.stderr),
    /error: 127\.0\.0\.1:\d+ ended "push" without a result \(exit status 0\)/,
  );
  answer = 'text-exit-127';
  const shell = await f.run(['push', f.address, dir]);
  assert.equal(shell.exitCode, 1);
  assert.match(
    String(shell.stderr),
    /without a result \(exit status 127\)\n {2}sh: push: not found\nhint: is the mypaas daemon/,
  );
});

test("a refused upload stops sending and reports the daemon's error", async (t) => {
  const dir = await app(t);
  await writeFile(join(dir, 'big.bin'), randomBytes(8 * 1024 * 1024));
  const f = await remoteFixture(t, async (call) => {
    await sleep(50);
    const error = {
      code: 'UPLOAD_REFUSED' as const,
      message: 'the upload is larger than 1 MB',
      hint: 'raise [daemon] max_upload_bytes',
    };
    call.send({ type: 'result', ok: false, error });
    call.exit(1);
  });
  const result = await f.run(['push', f.address, dir]);
  assert.equal(result.exitCode, 1);
  assert.match(
    String(result.stderr),
    /error: the upload is larger than 1 MB\nhint: raise \[daemon\] max_upload_bytes$/,
  );
});

test('a file that shrinks while it is sent stops the push with the file named', async (t) => {
  const dir = await app(t);
  await writeFile(join(dir, 'growing.log'), randomBytes(16 * 1024 * 1024));
  const f = await remoteFixture(t, async (call) => {
    await sleep(300); // the client has opened growing.log and waits for the SSH window
    await truncate(join(dir, 'growing.log'), 1024);
    await receiveUpload(call.stdin).catch(() => []);
    call.exit(1);
  });
  const result = await f.run(['push', f.address, dir]);
  assert.equal(result.exitCode, 1);
  assert.match(String(result.stderr), /error: growing\.log changed while it was being sent/);
});

test('--json prints the result data, or the error, as JSON on stdout; logs go to stderr', async (t) => {
  const dir = await app(t);
  let ok = true;
  const f = await remoteFixture(t, async (call) => {
    await receiveUpload(call.stdin);
    call.send({ type: 'step', text: 'building hello' });
    if (ok) return succeed(call, LIVE);
    call.send({
      type: 'result',
      ok: false,
      error: { code: 'HEALTHCHECK_FAILED', message: 'hello never answered' },
    });
    call.exit(1);
  });
  const good = await f.run(['push', f.address, dir, '--json']);
  assert.equal(good.exitCode, 0);
  assert.deepEqual(JSON.parse(String(good.stdout)), LIVE);
  assert.match(String(good.stderr), /==> building hello/);
  ok = false;
  const bad = await f.run(['push', f.address, dir, '--json']);
  assert.equal(bad.exitCode, 1);
  const printed = JSON.parse(String(bad.stdout)) as { error: { code: string; message: string } };
  assert.equal(printed.error.code, 'HEALTHCHECK_FAILED');
  assert.match(String(bad.stderr), /error: hello never answered/);
});

test('a directory without a Dockerfile fails before connecting', async (t) => {
  const f = await remoteFixture(t, (call) => succeed(call, LIVE));
  const empty = await tempDir(t);
  const result = await f.run(['push', f.address, empty]);
  assert.equal(result.exitCode, 1);
  assert.match(String(result.stderr), /^error: cannot read .*Dockerfile/);
  assert.deepEqual(f.server.commands, []);
});

test('on a terminal: a progress line with bytes and rate, colour unless NO_COLOR is set', async (t) => {
  const dir = await app(t);
  await writeFile(join(dir, 'data.bin'), randomBytes(6 * 1024 * 1024));
  const f = await remoteFixture(t, async (call) => {
    await sleep(400); // the client fills the SSH window, then waits: long enough to draw the line
    await receiveUpload(call.stdin);
    call.send({ type: 'step', text: 'building hello' });
    succeed(call, LIVE);
  });
  const env = { MYPAAS_IDENTITY: f.key.path };
  const coloured = await runInTerminal(f.home, ['push', f.address, dir], env);
  assert.equal(coloured.exitCode, 0, coloured.output);
  assert.match(
    coloured.output,
    /uploading \[[#-]+\] +\d+% {2}[\d.]+ [kM]B \/ [\d.]+ MB {2}[\d.]+ [kM]?B\/s/,
  );
  assert.match(coloured.output, /uploaded 6\.3 MB in 4 files \([\d.]+ MB compressed\) in [\d.]+s/);
  assert.ok(coloured.output.includes(`${ESC}[1m==>${ESC}[22m building hello`), 'bold step marker');
  const plain = await runInTerminal(f.home, ['push', f.address, dir], { ...env, NO_COLOR: '1' });
  assert.equal(plain.exitCode, 0, plain.output);
  assert.match(plain.output, /==> building hello/);
  assert.doesNotMatch(
    plain.output,
    new RegExp(`${ESC}\\[\\d+(;\\d+)*m`),
    'no colour with NO_COLOR',
  );
});
