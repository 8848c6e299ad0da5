// Streaming, measured: pushing 200 MB keeps the CLI's memory flat. The real CLI runs as a child
// process against the stand-in ssh2 daemon (the daemon's own end-to-end tests cover the real server),
// and its resident memory is sampled from /proc while it sends.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { open, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { remoteFixture, succeed, type RemoteFixture } from './remote-fixture.js';
import { tempDir, writeTree } from './ssh-test-server.js';
import { receiveUpload } from './upload-receiver.js';

const MB = 1024 * 1024;

test('a 200 MB directory is streamed with bounded memory: peak RSS grows < 64 MB over a tiny push', async (t) => {
  const big = await tempDir(t);
  await writeTree(big, { Dockerfile: 'FROM busybox\nCOPY . /app\n' });
  for (let i = 0; i < 4; i++) {
    await writeFile(join(big, `sparse-${i}.bin`), '');
    await truncate(join(big, `sparse-${i}.bin`), 40 * MB); // zeros, no disk blocks
  }
  const noise = randomBytes(MB); // 1 MB repeated, 40 MB: random, so it goes as it is
  const file = await open(join(big, 'random.bin'), 'w');
  for (let i = 0; i < 40; i++) await file.write(noise);
  await file.close();
  const small = await tempDir(t);
  await writeTree(small, { Dockerfile: 'FROM busybox\n', 'index.html': 'hi' });

  let received = 0;
  const f = await remoteFixture(t, async (call) => {
    const entries = await receiveUpload(call.stdin);
    received = entries.reduce((sum, e) => sum + e.size, 0);
    succeed(call, { service: 'big', release: 'r1', urls: [] });
  });
  const tiny = await peakRss(f, small);
  const started = Date.now();
  const large = await peakRss(f, big);
  const seconds = (Date.now() - started) / 1000;
  assert.equal(received, 200 * MB + 'FROM busybox\nCOPY . /app\n'.length);
  const growth = (large - tiny) / MB;
  t.diagnostic(
    `peak RSS: tiny push ${(tiny / MB).toFixed(1)} MB, 200 MB push ${(large / MB).toFixed(1)} MB (+${growth.toFixed(1)} MB), ${seconds.toFixed(1)}s`,
  );
  assert.ok(growth < 64, `RSS grew by ${growth.toFixed(1)} MB`);
});

// Runs `mypaas push` on `dir` and returns the highest VmRSS seen, sampled every 10 ms, of the CLI
// and its children together (push runs itself again in a child node with the heap flag).
async function peakRss(f: RemoteFixture, dir: string): Promise<number> {
  const child = f.run(['push', f.address, dir]);
  let peak = 0;
  let done = false;
  const sampling = (async () => {
    while (!done) {
      peak = Math.max(peak, await treeRss(child.pid ?? 0));
      await sleep(10);
    }
  })();
  const result = await child;
  done = true;
  await sampling;
  assert.equal(result.exitCode, 0, String(result.stderr));
  return peak;
}

async function treeRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const own = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const pids = children.split(' ').filter(Boolean).map(Number);
  const theirs = await Promise.all(pids.map(treeRss));
  return theirs.reduce((sum, rss) => sum + rss, own);
}
