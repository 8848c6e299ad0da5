// A full disk under the daemon's home or work dir: the push and `env set` say DISK_FULL, where,
// and how much was needed — not "not a readable tar archive" or "internal error, a bug".
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { decodeEvent } from '../../../src/core/protocol.js';
import { parsePublicKey } from '../../../src/core/ssh-keys.js';
import { startDaemon } from '../../../src/daemon/daemon.js';
import { openEngine } from '../../../src/daemon/engine.js';
import { addKey } from '../../../src/daemon/state/keys.js';
import { requireDocker } from '../../helpers/docker.js';
import { fillDisk, smallDisks } from '../../helpers/small-disk.js';
import { daemonFixture, execOverSsh2, makeKey, type ExecResult } from './daemon-fixture.js';

const bin = join(fileURLToPath(new URL('../../../../', import.meta.url)), 'bin/mypaas.js');

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

test('env set on a full home fails with DISK_FULL, over SSH and on the host', async (t) => {
  const disks = smallDisks(t);
  const docker = await requireDocker(t);
  if (!docker) return;
  const home = await mkdtemp(join(tmpdir(), 'mypaas-fullhome-'));
  const userHome = await mkdtemp(join(tmpdir(), 'mypaas-user-'));
  t.after(() => rm(home, { recursive: true, force: true }));
  t.after(() => rm(userHome, { recursive: true, force: true }));
  if (!(await disks.mount(home, 2))) return;
  await writeFile(join(home, 'config.toml'), '[proxy]\ndriver = "none"\n');
  const engine = await openEngine({ home, userHome });
  const daemon = await startDaemon({ engine, listen: '127.0.0.1:0', log: () => {} });
  t.after(async () => {
    await daemon.stop(10_000);
    engine.close();
  });
  const key = await makeKey(userHome, 'alice');
  addKey(engine.db, {
    name: 'alice',
    key: parsePublicKey(await readFile(key.publicFile, 'utf8')),
    role: 'admin',
    services: [],
  });
  engine.db.pragma('wal_checkpoint(TRUNCATE)'); // so a write needs new blocks, not old WAL space
  await fillDisk(home);
  const value = 'x'.repeat(12_000);

  const privateKey = await readFile(key.privateFile);
  const ssh = await execOverSsh2(daemon.port, privateKey, `env web set BIG=${value} --events=json`);
  const error = failure(ssh);
  assert.equal(error.code, 'DISK_FULL', JSON.stringify(error));
  assert.match(error.message, /needed about [\d.]+ [KM]B, [\d.]+ [KM]B free$/);
  assert.ok(error.message.startsWith(`no space left on ${home}: `), error.message);

  const local = await execa('node', [bin, 'server', 'env', 'web', 'set', `BIG=${value}`], {
    reject: false,
    env: { MYPAAS_HOME: home, HOME: userHome },
  });
  assert.equal(local.exitCode, 1, local.stderr);
  assert.match(local.stderr, /^error: no space left on .*needed about/m);
  assert.match(local.stderr, /^hint: free space on /m);
});

// The error of the result event that ended a failed call.
function failure(result: ExecResult): { code: string; message: string } {
  const events = result.stdout.split('\n').map(decodeEvent);
  const end = events.find((e) => e?.type === 'result');
  assert.ok(end && !end.ok, `a failure: ${result.stdout} ${result.stderr}`);
  return end.error;
}
