// The archive's compression: large files that do not compress are stored, the rest deflated, and
// the result, several gzip members back to back, unpacks the same with GNU tar and with zlib.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { test } from 'node:test';
import { execa } from 'execa';
import { gunzipSync } from 'node:zlib';
import { COMPRESS_LEVEL, levelFor, STORE_LEVEL } from '../../../src/cli/remote/adaptive-gzip.js';
import { contextRules } from '../../../src/cli/remote/context-rules.js';
import { packDirectory } from '../../../src/cli/remote/pack-directory.js';
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

test('random bytes are stored, text and small files are compressed', () => {
  assert.equal(levelFor(randomBytes(256 * 1024)), STORE_LEVEL);
  assert.equal(levelFor(logText(256 * 1024)), COMPRESS_LEVEL);
  assert.equal(levelFor(Buffer.alloc(64 * 1024)), COMPRESS_LEVEL);
});

test('an archive that switches level unpacks the same with tar -xz and with zlib', async (t) => {
  const app = await tempDir(t);
  // Sent in name order: text, random, text, random, text: a new gzip member at every change.
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
  const archive = await buffer(packed.stream);
  await packed.done;

  // The media go in as they are (2 MiB), the 1.5 MiB of text shrinks at least threefold.
  assert.ok(archive.length < 2.5 * MB, `archive is ${archive.length} bytes`);
  const sent = Object.values(files).reduce((sum, data) => sum + data.length, 0);
  assert.ok(gunzipSync(archive).length > sent, 'zlib reads every member');
  const out = await tempDir(t);
  await execa('tar', ['-xz', '-C', out], { input: archive });
  for (const [name, data] of Object.entries(files))
    assert.ok((await readFile(join(out, name))).equals(data), name);
});
