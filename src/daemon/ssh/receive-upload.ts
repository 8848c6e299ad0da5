// Receives a pushed app: a framed tar, tar.gz or tar stream, extracted entry by entry into a fresh
// work directory as it arrives — never held whole in memory or on disk — with every check on the way.
import { link, mkdir, open, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { diskFull, isDiskFull } from '../../core/disk-full.js';
import { isMypaasError } from '../../core/errors.js';
import { FRAMES_MAGIC } from '../../core/upload-frames.js';
import { frameDecoder } from './frame-decoder.js';
import { YIELD_EVERY, type UploadLimits } from './upload-limits.js';
import { uploadMeter } from './upload-meter.js';
import { refused } from './upload-refused.js';
import { uploadTree, type UploadTree } from './upload-tree.js';

const GUNZIP_CHUNK = 256 * 1024;
const WRITE_BATCH = 1024 * 1024;

/** What arrived. */
export interface UploadSummary {
  entries: number;
  /** Bytes of tar data, after decompression. */
  bytes: number;
  /** Bytes that came over the connection. */
  wireBytes: number;
  format: UploadFormat;
}

/** What the mypaas CLI sends (framed), and what `tar -c[z] | ssh host push` does. */
export type UploadFormat = 'framed tar' | 'tar.gz' | 'tar';

/** Extracts the upload read from `input` (its format sniffed) into the empty directory `dir`. */
export async function receiveUpload(
  input: Readable,
  dir: string,
  limits: UploadLimits,
): Promise<UploadSummary> {
  // Our own stream in front of the channel: a failed pipeline destroys it, not the channel,
  // which still has to carry the error back to the client.
  const source = new PassThrough();
  input.pipe(source);
  // A client that stops sending without going away would hold its work dir forever; one that
  // trickles a byte now and then, too: the deadline holds however steadily bytes arrive.
  const idle = setTimeout(() => source.destroy(stalled(limits.idleMs)), limits.idleMs);
  const deadline = setTimeout(() => source.destroy(tooSlow(limits.deadlineMs)), limits.deadlineMs);
  let wireBytes = 0;
  const alive = (chunk: Buffer) => {
    wireBytes += chunk.length;
    idle.refresh();
  };
  input.on('data', alive);
  let failure: Error | undefined;
  source.on('error', (err: Error) => (failure ??= err)); // the pipeline reports it once it runs
  try {
    const head = await readHead(source, FRAMES_MAGIC.length);
    if (failure !== undefined) throw failure;
    if (head.length === 0) throw refused('nothing was received on stdin');
    const { format, stages, consumed } = decoding(head);
    const meter = uploadMeter(limits, consumed);
    const tree = uploadTree(limits.maxFiles);
    const extract = tar.extract();
    let seen = 0;
    extract.on('entry', (header, stream, next) => {
      stream.on('error', () => {}); // the pipeline reports the error that ended it
      seen += 1;
      // Entries that need no disk (skipped, or small and buffered) could follow one another
      // without a turn of the event loop; every YIELD_EVERY of them, other clients get one.
      const turn = seen % YIELD_EVERY === 0 ? nextTurn() : Promise.resolve();
      turn
        .then(() => writeEntry(dir, tree, header, stream))
        .then(
          () => next(),
          (err: unknown) => {
            stream.resume();
            next(err instanceof Error ? err : new Error(String(err)));
          },
        );
    });
    // tar-stream is a streamx stream; node's pipeline drives it like any writable.
    const sink = extract as unknown as NodeJS.WritableStream;
    await pipeline([source, ...stages, meter.tar, sink]).catch((err: unknown) => {
      if (isMypaasError(err)) throw err;
      // The archive was fine; the disk under the work root (which outlives `dir`) was not.
      if (isDiskFull(err)) throw diskFull(err, dirname(dir), { bytes: meter.bytes, atLeast: true });
      const reason = err instanceof Error ? err.message : String(err);
      throw refused(`it is not a readable ${format} archive (${reason})`);
    });
    // Everything has arrived: the link check is bounded by the entries, not by the client.
    clearTimeout(idle);
    clearTimeout(deadline);
    await tree.checkLinks();
    return { entries: tree.entries, bytes: meter.bytes, wireBytes, format };
  } finally {
    clearTimeout(idle);
    clearTimeout(deadline);
    input.off('data', alive);
    input.unpipe(source);
    source.destroy();
  }
}

// The format, told by its first bytes, and the stages that turn it into plain tar.
function decoding(head: Buffer): {
  format: UploadFormat;
  stages: NodeJS.ReadWriteStream[];
  consumed?: () => number;
} {
  if (head.subarray(0, FRAMES_MAGIC.length).equals(FRAMES_MAGIC)) {
    const decoder = frameDecoder();
    return { format: 'framed tar', stages: [decoder.stream], consumed: () => decoder.wireBytes };
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    // 256 KiB chunks instead of zlib's 16 KiB: a sixteenth of the hops down to the file writes.
    const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
    // bytesWritten counts the compressed bytes gunzip has actually consumed, not just buffered.
    return { format: 'tar.gz', stages: [gunzip], consumed: () => gunzip.bytesWritten };
  }
  return { format: 'tar', stages: [] };
}

async function writeEntry(
  root: string,
  tree: UploadTree,
  header: tar.Header,
  stream: AsyncIterable<unknown> & { resume(): unknown },
): Promise<void> {
  const entry = tree.admit(header);
  if (entry.kind !== 'file') stream.resume();
  if (entry.kind === 'skip') return;
  for (const dir of entry.newDirs) await mkdir(join(root, dir), { mode: 0o755 });
  const path = join(root, entry.path);
  const mode = header.mode ?? 0o644;
  switch (entry.kind) {
    case 'dir':
      return void (await mkdir(path, { mode: (mode & 0o777) | 0o700 }));
    case 'symlink':
      return symlink(entry.target, path);
    case 'link':
      return link(join(root, entry.target), path);
    case 'file':
      return writeFile(path, (mode & 0o777) | 0o600, stream);
  }
}

// wx: never follow or replace anything already at the path. The channel hands over 32 KiB at a
// time; each writev takes 1 MiB, and runs while the next MiB arrives.
async function writeFile(path: string, mode: number, data: AsyncIterable<unknown>): Promise<void> {
  const file = await open(path, 'wx', mode);
  let writing: Promise<unknown> = Promise.resolve();
  try {
    let batch: Buffer[] = [];
    let size = 0;
    for await (const chunk of data) {
      batch.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size < WRITE_BATCH) continue;
      await writing;
      writing = file.writev(batch);
      // Awaited at the next batch; until then its failure (a full disk) must not go unhandled,
      // which would end the daemon.
      writing.catch(() => {});
      batch = [];
      size = 0;
    }
    await writing;
    if (batch.length > 0) await file.writev(batch);
  } finally {
    await writing.catch(() => {}); // the loop's own error is the one to report
    await file.close();
  }
}

function stalled(ms: number): Error {
  return refused(`nothing arrived for ${seconds(ms)} (upload_idle_timeout)`);
}

function tooSlow(ms: number): Error {
  return refused(`it took longer than ${seconds(ms)} to arrive (upload_timeout)`);
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

// Reads at least `size` bytes (or all there is) and puts them back, to sniff the format.
async function readHead(stream: Readable, size: number): Promise<Buffer> {
  let head = Buffer.alloc(0);
  while (head.length < size && !stream.readableEnded) {
    const chunk = stream.read() as Buffer | null;
    if (chunk !== null) head = Buffer.concat([head, chunk]);
    else {
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off('readable', done).off('end', done).off('close', done);
          resolve();
        };
        stream.on('readable', done).on('end', done).on('close', done);
      });
      if (stream.destroyed) break;
    }
  }
  if (head.length > 0) stream.unshift(head);
  return head;
}
