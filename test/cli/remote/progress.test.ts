// The upload progress line: drawn on a terminal with bytes and rate, nothing at all in a pipe.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { formatBytes, progressLine, uploadProgress } from '../../../src/cli/remote/progress.js';

function capture(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 120 });
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

test('progress is silent when stderr is not a terminal', async () => {
  const out = capture(false);
  const progress = uploadProgress(out.stream, () => ({ bytes: 5, sent: 3, files: 1 }), {
    intervalMs: 5,
  });
  progress.setTotal(10);
  await sleep(30);
  progress.finish();
  assert.equal(out.text(), '');
});

test('on a terminal it redraws one line with bytes, total and rate, and ends with a summary', async () => {
  const out = capture(true);
  let now = 0;
  const counts = { bytes: 0, sent: 0, files: 0 };
  const progress = uploadProgress(out.stream, () => counts, { intervalMs: 5, now: () => now });
  Object.assign(counts, { bytes: 2_500_000, sent: 1_000_000, files: 3 });
  now = 1000;
  await sleep(20);
  assert.ok(out.text().includes('\r\x1b[Kuploading  2.5 MB  2.5 MB/s  sent 1.0 MB'), out.text());
  progress.setTotal(10_000_000);
  await sleep(20);
  assert.match(
    out.text(),
    /uploading \[#{6}-{18}\] {2}25% {2}2\.5 MB \/ 10\.0 MB {2}2\.5 MB\/s {2}sent 1\.0 MB/,
  );
  progress.clear();
  assert.ok(out.text().endsWith('\r\x1b[K'));
  Object.assign(counts, { bytes: 10_000_000, sent: 4_200_000, files: 9 });
  now = 4000;
  progress.finish();
  assert.ok(out.text().endsWith('uploaded 10.0 MB in 9 files (4.2 MB compressed) in 4.0s\n'));
  const length = out.text().length;
  await sleep(20);
  assert.equal(out.text().length, length, 'nothing drawn after finish');
});

test('sizes read like docker build prints them', () => {
  assert.deepEqual([0, 999, 1000, 1_234_567, 2e9].map(formatBytes), [
    '0 B',
    '999 B',
    '1.0 kB',
    '1.2 MB',
    '2.0 GB',
  ]);
  assert.equal(
    progressLine({ bytes: 0, sent: 0, files: 0 }, undefined, 0),
    'uploading  0 B  0 B/s  sent 0 B',
  );
});
