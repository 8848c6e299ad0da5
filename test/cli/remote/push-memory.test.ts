// Streaming, measured: pushing 200 MB keeps the CLI's memory flat and its garbage collector calm.
// The real CLI runs as a child process against the stand-in ssh2 daemon (the daemon's own
// end-to-end tests cover the real server); its resident memory is sampled from /proc while it
// sends, and V8's --trace-gc lines count its full collections.
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

test('a 200 MB directory is streamed with bounded memory and few full GCs: RSS grows < 64 MB', async (t) => {
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
  // Without growHeapForStreaming this push runs about 10 (and ~50 per 500 MB of the benchmark).
  assert.ok(large.fullGcs <= 5, `${large.fullGcs} full collections`);
  assert.equal(received, 200 * MB + 'FROM busybox\nCOPY . /app\n'.length);
  const growth = (large.peak - tiny.peak) / MB;
  t.diagnostic(
    `peak RSS: tiny push ${(tiny.peak / MB).toFixed(1)} MB, 200 MB push ${(large.peak / MB).toFixed(1)} MB (+${growth.toFixed(1)} MB), ${large.fullGcs} full GCs, ${seconds.toFixed(1)}s`,
  );
  assert.ok(growth < 64, `RSS grew by ${growth.toFixed(1)} MB`);
});

// Runs `mypaas push` on `dir` under --trace-gc; returns the highest VmRSS seen, sampled every
// 10 ms, and how many full collections (mark-compacts) it ran.
async function peakRss(f: RemoteFixture, dir: string): Promise<{ peak: number; fullGcs: number }> {
  const child = f.run(['push', f.address, dir], { nodeArgs: ['--trace-gc'] });
  let peak = 0;
  let done = false;
  const sampling = (async () => {
    while (!done) {
      const status = await readFile(`/proc/${child.pid ?? 0}/status`, 'utf8').catch(() => '');
      peak = Math.max(peak, Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024);
      await sleep(10);
    }
  })();
  const result = await child;
  done = true;
  await sampling;
  assert.equal(result.exitCode, 0, String(result.stderr));
  return { peak, fullGcs: String(result.stdout).match(/Mark-Compact/g)?.length ?? 0 };
}
