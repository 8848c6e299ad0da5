// Slow uploads end: one that trickles a byte at a time is cut off at upload_timeout however
// steadily it trickles, one that stops sending at upload_idle_timeout. Both are config keys, set
// short here, so the test waits for the daemon, not for a clock.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import test from 'node:test';
import { decodeEvent } from '../../../src/core/protocol.js';
import { daemonFixture, execOverSsh2, type ExecResult } from './daemon-fixture.js';

function refusal(run: ExecResult): string {
  const last = decodeEvent(run.stdout.trim().split('\n').at(-1) ?? '');
  assert.ok(last?.type === 'result' && !last.ok, run.stdout);
  assert.equal(last.error.code, 'UPLOAD_REFUSED');
  return last.error.message;
}

test('an upload that trickles a byte at a time is cut off at upload_timeout', async (t) => {
  const f = await daemonFixture(
    t,
    '[daemon]\nupload_timeout = "1s"\nupload_idle_timeout = "10m"\n',
  );
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const input = new PassThrough();
  let sent = 0;
  // Far more bytes than a one-second deadline lets in: a bound for a daemon with none.
  const trickle = setInterval(() => {
    if (sent < 400)
      input.write(Buffer.from([0x61 + (sent++ % 26)])); // within one tar header
    else input.end();
  }, 50);
  t.after(() => clearInterval(trickle));
  const run = await execOverSsh2(
    f.port,
    await readFile(alice.privateFile),
    'push --events=json',
    input,
  );
  clearInterval(trickle);
  assert.match(refusal(run), /took longer than 1 s to arrive \(upload_timeout\)/);
  assert.ok(sent < 400, `cut off after ${sent} bytes, not at the end of the input`);
  assert.deepEqual(await f.workDirs(), []);
});

test('an upload that stops sending is cut off at upload_idle_timeout', async (t) => {
  const f = await daemonFixture(t, '[daemon]\nupload_idle_timeout = "300ms"\n');
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const input = new PassThrough();
  input.write(Buffer.alloc(200, 0x61)); // less than a tar header, then nothing and no EOF
  const run = await execOverSsh2(
    f.port,
    await readFile(alice.privateFile),
    'push --events=json',
    input,
  );
  input.end();
  assert.match(refusal(run), /nothing arrived for 300 ms \(upload_idle_timeout\)/);
  assert.deepEqual(await f.workDirs(), []);
});
