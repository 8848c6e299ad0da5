// Build logs: numbered per deployment, read whole, tailed, or followed after a seq.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendLogLine, logLinesAfter, readLog } from '../../../src/daemon/state/build-log.js';
import { openDatabase } from '../../../src/daemon/state/open-database.js';
import { tempDb } from './temp-db.js';

test('5,000 lines append with seq 1…n per deployment and read back in order', async (t) => {
  const { db } = await tempDb(t);
  const count = 5000;
  const started = performance.now();
  for (let i = 1; i <= count; i++) {
    const stream = i % 10 === 0 ? 'deploy' : 'build';
    assert.equal(appendLogLine(db, 1, stream, `line ${i}`, 1000 + i), i);
    if (i % 1000 === 0) appendLogLine(db, 2, 'build', `other ${i}`, 1000 + i);
  }
  const elapsedMs = performance.now() - started;
  const log = readLog(db, 1);
  assert.equal(log.length, count);
  assert.deepEqual(log[0], { seq: 1, stream: 'build', at: 1001, line: 'line 1' });
  assert.deepEqual(log[9], { seq: 10, stream: 'deploy', at: 1010, line: 'line 10' });
  assert.ok(log.every((l, i) => l.seq === i + 1 && l.line === `line ${i + 1}`));
  assert.deepEqual(
    readLog(db, 2).map((l) => l.seq),
    [1, 2, 3, 4, 5],
  );
  // Generous bound: each append is one small indexed insert (well under a millisecond).
  assert.ok(elapsedMs < 5000, `appending ${count} lines took ${Math.round(elapsedMs)} ms`);
});

test('tail keeps the last lines oldest first; after returns what a follower has not seen', async (t) => {
  const { db } = await tempDb(t);
  for (let i = 1; i <= 5000; i++) appendLogLine(db, 7, 'build', `line ${i}`);
  assert.deepEqual(
    readLog(db, 7, { tail: 3 }).map((l) => l.line),
    ['line 4998', 'line 4999', 'line 5000'],
  );
  assert.equal(readLog(db, 7, { tail: 10_000 }).length, 5000);
  assert.deepEqual(readLog(db, 7, { tail: 0 }), []);
  assert.deepEqual(
    logLinesAfter(db, 7, 4997).map((l) => l.seq),
    [4998, 4999, 5000],
  );
  assert.deepEqual(logLinesAfter(db, 7, 5000), []);
  appendLogLine(db, 7, 'deploy', 'live');
  assert.deepEqual(
    logLinesAfter(db, 7, 5000).map((l) => [l.seq, l.line]),
    [[5001, 'live']],
  );
  assert.deepEqual(readLog(db, 8), []);
});

test('log lines of two connections to the same file do not collide', async (t) => {
  const { db, file } = await tempDb(t);
  const other = openDatabase(file);
  t.after(() => other.close());
  for (let i = 0; i < 100; i++) {
    appendLogLine(db, 1, 'build', `a${i}`);
    appendLogLine(other, 1, 'build', `b${i}`);
  }
  assert.deepEqual(
    readLog(db, 1).map((l) => l.seq),
    Array.from({ length: 200 }, (_, i) => i + 1),
  );
});
