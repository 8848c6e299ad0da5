// The deploy lock against real processes: holders named, dead ones replaced, waiting and aborting.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { isMypaasError } from '../../../src/core/errors.js';
import { createDeployment, updateDeployment } from '../../../src/daemon/state/deployments.js';
import {
  isHolderAlive,
  processIdentity,
  releaseLock,
  tryAcquireLock,
  waitForLock,
  type LockOwner,
} from '../../../src/daemon/state/deploy-lock.js';
import { spawnNode, stateModule, tempDb, tempDir, waitForLine } from './temp-db.js';

const me = () => ({ ...processIdentity(), deploymentId: 1 });

test('processIdentity reads the start time; isHolderAlive needs the same pid and start', async (t) => {
  const self = processIdentity();
  assert.equal(self.pid, process.pid);
  assert.match(self.start, /^\d+$/);
  assert.equal(isHolderAlive(self.pid, self.start), true);
  assert.equal(isHolderAlive(self.pid, `${self.start}1`), false);
  // A process name with spaces and parentheses must not shift the fields.
  const named = spawnNode(
    t,
    await tempDir(t),
    "process.title = 'a) b (c'; console.log('ok'); setInterval(() => {}, 1000);",
  );
  await waitForLine(named, 'ok');
  assert.match(readFileSync(`/proc/${named.pid}/stat`, 'utf8'), /^\d+ \(a\) b \(c\) /);
  const other = processIdentity(named.pid ?? 0);
  assert.equal(other.pid, named.pid);
  // It started after this process; a shifted parse would read a small field like num_threads.
  assert.ok(Number(other.start) >= Number(self.start), `${other.start} < ${self.start}`);
  assert.equal(isHolderAlive(other.pid, other.start), true);
  assert.throws(
    () => processIdentity(2 ** 22 + 1),
    (err) => isMypaasError(err, 'STATE_FAILED'),
  );
});

test('the first holder gets the lock; the next is refused and told who holds it', async (t) => {
  const { db } = await tempDb(t);
  assert.deepEqual(tryAcquireLock(db, 'web', 'production', me(), 1000), { acquired: true });
  const second = { ...processIdentity(), deploymentId: 2 };
  assert.deepEqual(tryAcquireLock(db, 'web', 'production', second, 2000), {
    acquired: false,
    holder: { pid: process.pid, deploymentId: 1, acquiredAt: 1000 },
  });
  // Another environment of the same service is another lock.
  assert.deepEqual(tryAcquireLock(db, 'web', 'staging', second), { acquired: true });
  assert.equal(releaseLock(db, 'web', 'production', process.pid + 1), false);
  assert.equal(releaseLock(db, 'web', 'production', process.pid), true);
  assert.deepEqual(tryAcquireLock(db, 'web', 'production', second), { acquired: true });
});

test('deployments take a free lock in the order they were queued; dead or moved-on ones do not hold it back', async (t) => {
  const { db } = await tempDb(t);
  const child = spawnNode(t, await tempDir(t), "console.log('up'); setInterval(() => {}, 1000);");
  await waitForLine(child, 'up');
  const dying = processIdentity(child.pid ?? 0);
  const queue = (who: { pid: number; start: string }, now: number) =>
    createDeployment(db, {
      service: 'web',
      env: 'production',
      releaseId: `r${now}`,
      trigger: 'push',
      actor: 'alice',
      previousDeploymentId: null,
      pid: who.pid,
      pidStart: who.start,
      now,
    }).id;
  const self = processIdentity();
  const first = queue(self, 100);
  const second = queue(self, 200);
  queue(dying, 300);
  const fourth = queue(self, 400);
  const as = (deploymentId: number) => ({ ...self, deploymentId });

  // The lock is free, but #1 was queued first and its process runs: #2 waits for it.
  assert.deepEqual(tryAcquireLock(db, 'web', 'production', as(second)), {
    acquired: false,
    holder: { pid: process.pid, deploymentId: first, acquiredAt: 100 },
  });
  // A command that is no deployment only waits for a holder.
  assert.deepEqual(tryAcquireLock(db, 'web', 'staging', { ...self, deploymentId: null }), {
    acquired: true,
  });
  assert.deepEqual(tryAcquireLock(db, 'web', 'production', as(first)), { acquired: true });
  updateDeployment(db, first, { status: 'building' });
  releaseLock(db, 'web', 'production', process.pid);

  // #1 moved on, so #2 is next; #4 waits for #2, and not for #3 once #3's process is gone.
  child.kill('SIGKILL');
  await child;
  assert.equal(isHolderAlive(dying.pid, dying.start), false);
  assert.deepEqual(tryAcquireLock(db, 'web', 'production', as(fourth)), {
    acquired: false,
    holder: { pid: process.pid, deploymentId: second, acquiredAt: 200 },
  });
  updateDeployment(db, second, { status: 'failed' });
  assert.deepEqual(tryAcquireLock(db, 'web', 'production', as(fourth)), { acquired: true });
});

test('a lock held by a process that died is taken over', async (t) => {
  const { db } = await tempDb(t);
  const child = spawnNode(t, await tempDir(t), "console.log('up'); setInterval(() => {}, 1000);");
  await waitForLine(child, 'up');
  const dead = { ...processIdentity(child.pid), deploymentId: 7 };
  assert.deepEqual(tryAcquireLock(db, 'web', 'production', dead), { acquired: true });
  child.kill('SIGKILL');
  await child;
  assert.equal(isHolderAlive(dead.pid, dead.start), false);
  assert.deepEqual(tryAcquireLock(db, 'web', 'production', me(), 5000), { acquired: true });
  const row = db.prepare('SELECT pid, deployment_id FROM deploy_locks').get();
  assert.deepEqual(row, { pid: process.pid, deployment_id: 1 });
});

test('a live pid with another start time is a reused pid, so its lock is taken over', async (t) => {
  const { db } = await tempDb(t);
  const reused = { pid: process.pid, start: '1', deploymentId: 3 };
  assert.deepEqual(tryAcquireLock(db, 'web', 'production', reused), { acquired: true });
  assert.deepEqual(tryAcquireLock(db, 'web', 'production', me()), { acquired: true });
});

test('waitForLock waits for another process to release, calling onWait once', async (t) => {
  const { db, file } = await tempDb(t);
  // The child holds the lock until told to release it, then stays alive: a real release.
  const source = `
    import { createInterface } from 'node:readline';
    import { openDatabase } from ${JSON.stringify(stateModule('open-database'))};
    import * as lock from ${JSON.stringify(stateModule('deploy-lock'))};
    const db = openDatabase(process.argv[2]);
    const holder = { ...lock.processIdentity(), deploymentId: 41 };
    if (!lock.tryAcquireLock(db, 'web', 'production', holder).acquired) process.exit(3);
    console.log('locked');
    for await (const line of createInterface({ input: process.stdin })) {
      if (line === 'release') lock.releaseLock(db, 'web', 'production', process.pid);
    }
    db.close();
  `;
  const child = spawnNode(t, await tempDir(t), source, [file]);
  await waitForLine(child, 'locked');
  const waits: LockOwner[] = [];
  let polls = 0;
  await waitForLock(db, 'web', 'production', me(), {
    pollMs: 10,
    now: () => ++polls,
    onWait: (holder) => {
      waits.push(holder);
      setTimeout(() => child.stdin.write('release\n'), 100);
    },
  });
  assert.equal(waits.length, 1);
  assert.equal(waits[0]?.pid, child.pid);
  assert.equal(waits[0]?.deploymentId, 41);
  assert.ok(polls > 2, `polled ${polls} times`);
  assert.ok(child.pid && isHolderAlive(child.pid, processIdentity(child.pid).start)); // still up
  const row = db.prepare('SELECT pid, acquired_at FROM deploy_locks').get();
  assert.deepEqual(row, { pid: process.pid, acquired_at: polls });
  child.stdin.end();
  assert.equal((await child).exitCode, 0);
});

test('waitForLock rejects with the abort reason when its signal is aborted', async (t) => {
  const { db } = await tempDb(t);
  tryAcquireLock(db, 'web', 'production', me());
  const controller = new AbortController();
  let waited = 0;
  const waiting = waitForLock(db, 'web', 'production', me(), {
    pollMs: 10,
    signal: controller.signal,
    onWait: () => {
      waited++;
      setTimeout(() => controller.abort(), 50);
    },
  });
  await assert.rejects(waiting, (err) => (err as Error).name === 'AbortError');
  assert.equal(waited, 1);
  const already = AbortSignal.abort();
  await assert.rejects(
    waitForLock(db, 'web', 'production', me(), { signal: already }),
    (err) => (err as Error).name === 'AbortError',
  );
});
