// A full disk under the daemon's work dir: the push says DISK_FULL, where, and how much was
// needed — not "not a readable tar archive".
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import { execa } from 'execa';
import { decodeEvent } from '../../../src/core/protocol.js';
import { smallDisks } from '../../helpers/small-disk.js';
import { daemonFixture, type ExecResult } from './daemon-fixture.js';

test('a push to a full work dir fails with DISK_FULL naming the work dir', async (t) => {
  const disks = smallDisks(t);
  const f = await daemonFixture(t);
  if (!f) return;
  const work = join(f.home, 'work');
  if (!(await disks.mount(work, 2))) return;
  const alice = await f.key('alice', 'admin');
  const service = f.service('full');
  const dir = await f.app(service);
  await writeFile(join(dir, 'data.bin'), randomBytes(4 * 1024 * 1024)); // more than the disk
  const tar = (await execa('tar', ['-cz', '-C', dir, '.'], { encoding: 'buffer' })).stdout;

  const error = failure(await f.exec(alice, 'push --events=json', Buffer.from(tar)));
  assert.equal(error.code, 'DISK_FULL', JSON.stringify(error));
  assert.match(error.message, /needed more than [\d.]+ [KM]B, [\d.]+ [KM]B free$/);
  assert.ok(error.message.startsWith(`no space left on ${work}: `), error.message);
  assert.deepEqual(await f.workDirs(), [], 'the partial upload is removed');
});

// The error of the result event that ended a failed call.
function failure(result: ExecResult): { code: string; message: string } {
  const events = result.stdout.split('\n').map(decodeEvent);
  const end = events.find((e) => e?.type === 'result');
  assert.ok(end && !end.ok, `a failure: ${result.stdout} ${result.stderr}`);
  return end.error;
}
