// The framed upload: frames that do not compress are never deflated; the rest are while the link
// is slower than deflate; and whatever was chosen, the daemon's decoder gives back the exact
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

test('the policy compresses while deflate outruns the link, and stores once the link is faster', () => {
  const tuning = { probeBytes: 4 * MB, parallel: 2 };
  const policy = compressionPolicy(tuning);
  assert.equal(policy.compress(), true, 'nothing is known yet');
  policy.deflated(MB, 20); // 50 MiB a second per thread, 100 with two
  policy.sent(MB / 4, 0, 10);
  assert.equal(policy.compress(), true, 'the link has not made us wait yet');
  // From the first wait on, the link carries 1 MiB per 100 ms: 10 MiB a second.
  for (let ms = 100; ms <= 1000; ms += 100) policy.sent(MB, 50, ms);
  assert.equal(policy.compress(), true, 'a 10 MiB/s link: deflate is faster');

  const fast = compressionPolicy(tuning);
  fast.deflated(MB, 20);
  for (let ms = 1; ms <= 10; ms += 1) fast.sent(MB, 0.5, ms);
  assert.equal(fast.compress(), false, 'a link that carries 1 MiB per ms outruns deflate');

  const neverWaits = compressionPolicy(tuning);
  neverWaits.deflated(MB, 20);
  for (let i = 0; i < 4; i++) neverWaits.sent(MB, 0, i);
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

  // Under the probe nothing has waited yet, so the text goes deflated; the media fail the try.
  assert.match(frameKinds(stream), /^D+S+D+S+D+$/);
  assert.ok(stream.length < 2.5 * MB, `the stream is ${stream.length} bytes`);
  const tar = await decode(stream);
  const out = await tempDir(t);
  await execa('tar', ['-x', '-C', out], { input: tar });
  for (const [name, data] of Object.entries(files))
    assert.ok((await readFile(join(out, name))).equals(data), name);
});

test('a fast reader gets raw frames after the probe; a slow one gets deflated frames', async () => {
  const text = logText(32 * MB); // about 4.5 MiB deflated
  const chunks = () =>
    Readable.from(
      Array.from({ length: 128 }, (_, i) => text.subarray(i * 262144, (i + 1) * 262144)),
    );
  // Reads everything, at `bytesPerMs` when given.
  const run = async (policy: CompressionPolicy, bytesPerMs?: number) => {
    const encoder = encodeFrames(chunks(), policy);
    const parts: Buffer[] = [];
    for await (const chunk of encoder.stream) {
      parts.push(chunk as Buffer);
      if (bytesPerMs) await sleep((chunk as Buffer).length / bytesPerMs);
    }
    await encoder.done;
    const stream = Buffer.concat(parts);
    assert.ok((await decode(stream)).equals(text), 'decodes to the input');
    return frameKinds(stream);
  };
  const tuning = { ...DEFAULT_TUNING, probeBytes: 4 * MB };
  // The stream's buffer holds 1 MiB, so a reader that keeps up never makes the encoder wait.
  const fast = await run(compressionPolicy(tuning));
  assert.match(fast, /^D+S{10,}$/, `fast reader: ${fast}`);
  // 2 MiB a second, slower than two deflates even on a loaded machine: the encoder waits before
  // the probe ends, and the link's measured rate keeps it deflating to the end.
  const slow = await run(compressionPolicy(tuning), 2048);
  assert.match(slow, /^D+$/, `slow reader: ${slow}`);
});
