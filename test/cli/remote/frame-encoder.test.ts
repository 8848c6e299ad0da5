// The framed upload: large files that do not compress are never deflated; the rest are while the
// link is slower than deflate; and whatever was chosen, the daemon's decoder gives back the exact
// tar, which GNU tar unpacks.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { execa } from 'execa';
import {
  compressionPolicy,
  DEFAULT_TUNING,
  type CompressionPolicy,
} from '../../../src/cli/remote/compression-policy.js';
import { contextRules } from '../../../src/cli/remote/context-rules.js';
import { encodeFrames, worthCompressing } from '../../../src/cli/remote/frame-encoder.js';
import { packDirectory } from '../../../src/cli/remote/pack-directory.js';
import { DEFLATED, FRAMES_MAGIC, STORED } from '../../../src/core/upload-frames.js';
import { frameDecoder } from '../../../src/daemon/ssh/frame-decoder.js';
import { tempDir } from './ssh-test-server.js';

const MB = 1024 * 1024;

function logText(size: number): Buffer {
  const lines: string[] = [];
  for (let i = 0, length = 0; length < size; i++) {
    lines.push(`2024-01-01T00:00:${i % 60} INFO request ${i * 7919} took ${i % 97} ms\n`);
    length += lines[i]?.length ?? 0;
  }
  return Buffer.from(lines.join('')).subarray(0, size);
}

/** The kinds of the frames in `stream`, in order ('S' stored, 'D' deflated). */
function frameKinds(stream: Buffer): string {
  assert.ok(stream.subarray(0, FRAMES_MAGIC.length).equals(FRAMES_MAGIC), 'starts with the magic');
  let kinds = '';
  for (let at = FRAMES_MAGIC.length; at < stream.length;) {
    const kind = stream[at];
    assert.ok(kind === STORED || kind === DEFLATED, `frame kind at ${at}`);
    kinds += String.fromCharCode(kind);
    at += 9 + stream.readUInt32BE(at + 1);
  }
  return kinds;
}

async function decode(stream: Buffer): Promise<Buffer> {
  return buffer(Readable.from([stream]).pipe(frameDecoder().stream));
}

test('random bytes are not worth compressing; text and zeros are', () => {
  assert.equal(worthCompressing(randomBytes(256 * 1024)), false);
  assert.equal(worthCompressing(logText(256 * 1024)), true);
  assert.equal(worthCompressing(Buffer.alloc(64 * 1024)), true);
});

test('the policy compresses until the link proves faster than deflate, and again when it slows', () => {
  const tuning = { probeBytes: 4 * MB, smoothing: 0.5, parallel: 2 };
  const policy = compressionPolicy(tuning);
  assert.equal(policy.compress(), true, 'nothing is known yet');
  policy.deflated(MB, 20); // 10 ms per MiB, shared by two threads
  policy.sent(MB, MB / 4, 0);
  assert.equal(policy.compress(), true, 'the link has not made us wait yet');
  for (let i = 0; i < 4; i++) policy.sent(MB, MB, 1);
  assert.equal(policy.compress(), false, 'the link waits 1 ms per MiB: raw data is faster');
  for (let i = 0; i < 4; i++) policy.sent(MB, MB, 200);
  assert.equal(policy.compress(), true, 'a link that waits 200 ms per MiB is worth deflating for');

  const neverWaits = compressionPolicy(tuning);
  neverWaits.deflated(MB, 20);
  for (let i = 0; i < 4; i++) neverWaits.sent(MB, MB, 0);
  assert.equal(neverWaits.compress(), false, '4 MiB went out without a wait: a fast link');
});

test('frames decode to the exact tar, whichever frames were deflated, and GNU tar unpacks it', async (t) => {
  const app = await tempDir(t);
  // In name order: text, random, text, random, text.
  const files: Record<string, Buffer> = {
    Dockerfile: Buffer.from('FROM busybox\nCOPY . /app\n'),
    'a-log.txt': logText(MB),
    'b-media.bin': randomBytes(MB),
    'c-log.txt': logText(MB / 2),
    'd-media.bin': randomBytes(MB),
    'e-small.txt': Buffer.from('hello\n'),
  };
  for (const [name, data] of Object.entries(files)) await writeFile(join(app, name), data);
  const packed = await packDirectory(app, await contextRules(app, 'FROM busybox\n'));
  const stream = await buffer(packed.stream);
  await packed.done;
  assert.equal(packed.sent(), stream.length, 'sent counts every byte');

  // Under 8 MiB nothing has waited yet, so the text goes deflated; the media are never tried.
  assert.match(frameKinds(stream), /^D+S+D+S+D+$/);
  assert.ok(stream.length < 2.5 * MB, `the stream is ${stream.length} bytes`);
  const tar = await decode(stream);
  const out = await tempDir(t);
  await execa('tar', ['-x', '-C', out], { input: tar });
  for (const [name, data] of Object.entries(files))
    assert.ok((await readFile(join(out, name))).equals(data), name);
});

test('a fast reader gets raw frames after the probe; a slow one gets deflated frames', async () => {
  const text = logText(12 * MB);
  const chunks = () =>
    Readable.from(
      Array.from({ length: 48 }, (_, i) => text.subarray(i * 262144, (i + 1) * 262144)),
    );
  const run = async (policy: CompressionPolicy, pauseMs: number) => {
    const encoder = encodeFrames(chunks(), policy);
    const parts: Buffer[] = [];
    for await (const chunk of encoder.stream) {
      parts.push(chunk as Buffer);
      if (pauseMs > 0) await sleep(pauseMs);
    }
    await encoder.done;
    const stream = Buffer.concat(parts);
    assert.ok((await decode(stream)).equals(text), 'decodes to the input');
    return frameKinds(stream);
  };
  // The stream's buffer holds 1 MiB; a probe of 1 MiB ends before the fast reader ever waits.
  const fast = await run(compressionPolicy({ ...DEFAULT_TUNING, probeBytes: MB }), 0);
  assert.match(fast, /^D+S{10,}$/, `fast reader: ${fast}`);
  // About 8 MiB a second: slower than deflate on any machine that runs this.
  const slow = await run(compressionPolicy(), 16);
  assert.match(slow, /^D+$/, `slow reader: ${slow}`);
});
