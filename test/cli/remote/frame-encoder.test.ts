// The framed upload: frames that do not compress are never deflated; the rest are while the link
// is slower than deflate; and whatever was chosen, the daemon's decoder gives back the exact
// tar, which GNU tar unpacks.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { test } from 'node:test';
import { execa } from 'execa';
import {
  compressionPolicy,
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

test('the encoder deflates exactly the frames its policy asks for, and the stream decodes', async () => {
  const text = logText(8 * MB);
  let asked = 0;
  // Deflate the first five frames, then send the rest as they are: a policy that changed its mind.
  const scripted: CompressionPolicy = {
    compress: () => asked++ < 5,
    deflated: () => {},
    sent: () => {},
  };
  const encoder = encodeFrames(
    Readable.from(
      Array.from({ length: 32 }, (_, i) => text.subarray(i * 262144, (i + 1) * 262144)),
    ),
    scripted,
  );
  const stream = await buffer(encoder.stream);
  await encoder.done;
  assert.match(frameKinds(stream), /^D{5}S+$/);
  assert.ok((await decode(stream)).equals(text), 'decodes to the input');
});
