// Atomic replacement: no leftovers, and a reader racing the writer never sees a half-written file.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { writeFileAtomic } from '../../src/core/write-file-atomic.js';

async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-atomic-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

void test('writes the text and leaves no temporary file behind', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'web_production.toml');
  await writeFileAtomic(path, 'one\n');
  await writeFileAtomic(path, 'two\n');
  assert.equal(await readFile(path, 'utf8'), 'two\n');
  assert.deepEqual(await readdir(dir), ['web_production.toml']);
});

void test('readers racing several large rewrites only ever see one whole version', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'big.toml');
  const size = 4 * 1024 * 1024;
  const versions = ['a', 'b', 'c', 'd', 'e', 'f'];
  await writeFileAtomic(path, versions[0]!.repeat(size));
  let writing = true;
  const seen = new Set<string>();
  const reader = async (): Promise<number> => {
    let reads = 0;
    while (writing) {
      const text = await readFile(path, 'utf8');
      reads += 1;
      const first = text[0] ?? '';
      assert.equal(text.length, size, 'a reader saw a file of the wrong length');
      assert.ok(text === first.repeat(size), 'a reader saw a mix of two versions');
      seen.add(first);
    }
    return reads;
  };
  const readers = [reader(), reader(), reader()];
  for (const v of versions.slice(1)) await writeFileAtomic(path, v.repeat(size));
  writing = false;
  const reads = (await Promise.all(readers)).reduce((a, b) => a + b, 0);
  assert.ok(reads > versions.length, `only ${reads} reads raced the writes`);
  assert.ok(seen.size >= 2, 'the readers never saw the file change');
  assert.deepEqual(await readdir(dir), ['big.toml']);
});

void test('a failed rename removes its temporary file and rejects', async (t) => {
  const dir = await tempDir(t);
  await mkdir(join(dir, 'taken.toml')); // a directory cannot be renamed over
  await assert.rejects(writeFileAtomic(join(dir, 'taken.toml'), 'text'));
  assert.deepEqual(await readdir(dir), ['taken.toml']);
});

void test('a failing check leaves the old file and no temporary file; the mode is kept', async (t) => {
  const dir = await tempDir(t);
  const path = join(dir, 'haproxy.cfg');
  await writeFileAtomic(path, 'good\n', { mode: 0o600 });
  await assert.rejects(
    writeFileAtomic(path, 'bad\n', {
      check: async (temp) => {
        assert.equal(await readFile(temp, 'utf8'), 'bad\n', 'the check sees the new text');
        throw new Error('invalid');
      },
    }),
    /invalid/,
  );
  assert.equal(await readFile(path, 'utf8'), 'good\n');
  assert.deepEqual(await readdir(dir), ['haproxy.cfg']);
  assert.equal((await stat(path)).mode & 0o777, 0o600);
});
