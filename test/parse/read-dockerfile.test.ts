// Reading the Dockerfile: a directory or a file, missing ones named, oversized ones refused unread.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAX_DOCKERFILE_BYTES, readDockerfile } from '../../src/parse/read-dockerfile.js';

test('readDockerfile: directory or file, missing ones named, oversized ones refused', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-read-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await assert.rejects(readDockerfile(join(dir, 'nope')), { code: 'DOCKERFILE_NOT_FOUND' });
  await assert.rejects(readDockerfile(dir), { code: 'DOCKERFILE_NOT_FOUND' });
  await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\n');
  assert.deepEqual(await readDockerfile(dir), {
    file: join(dir, 'Dockerfile'),
    text: 'FROM scratch\n',
  });
  await writeFile(join(dir, 'Dockerfile'), Buffer.alloc(MAX_DOCKERFILE_BYTES + 1, 0x23));
  await assert.rejects(readDockerfile(join(dir, 'Dockerfile')), {
    code: 'DOCKERFILE_INVALID',
    message: /at most 1024 KiB/,
  });
});
