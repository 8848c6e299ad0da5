// The full-disk rule: which failures it knows, and what it says about them.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { diskFull, isDiskFull } from '../../src/core/disk-full.js';
import { MypaasError } from '../../src/core/errors.js';

const coded = (code: string) => Object.assign(new Error(`${code}: failed`), { code });

test('ENOSPC, EDQUOT and SQLITE_FULL are a full disk, also when wrapped; others are not', () => {
  for (const code of ['ENOSPC', 'EDQUOT', 'SQLITE_FULL']) assert.ok(isDiskFull(coded(code)), code);
  assert.ok(isDiskFull(new Error('write failed', { cause: coded('ENOSPC') })));
  for (const err of [coded('EACCES'), coded('SQLITE_BUSY'), new Error('x'), 'ENOSPC', undefined])
    assert.equal(isDiskFull(err), false, String(err));
});

test('diskFull names the path, what was needed and what is free; other errors pass through', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-disk-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const full = diskFull(coded('ENOSPC'), dir, { bytes: 3 * 1024 * 1024 });
  assert.ok(full instanceof MypaasError && full.code === 'DISK_FULL');
  assert.match(full.message, /^no space left on .+: needed about 3\.0 MB, [\d.]+ [KM]B free$/);
  assert.ok(full.message.includes(dir) && full.hint?.includes(dir));
  const more = diskFull(coded('EDQUOT'), dir, { bytes: 2048, atLeast: true }) as MypaasError;
  assert.match(more.message, /needed more than 2 KB, /);
  const unknown = diskFull(coded('SQLITE_FULL'), join(dir, 'gone')) as MypaasError;
  assert.match(unknown.message, /: free space unknown$/);
  const other = coded('EACCES');
  assert.equal(diskFull(other, dir), other);
  const mine = new MypaasError('UPLOAD_REFUSED', 'no', { cause: coded('ENOSPC') });
  assert.equal(diskFull(mine, dir), mine, 'a MypaasError already says what happened');
});
