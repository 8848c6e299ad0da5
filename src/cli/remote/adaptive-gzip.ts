// gzip whose level can change between files: data that does not compress (images, video,
// archives) is stored instead of deflated, which skips deflate's slowest work and loses nothing.
// Each run of one level is its own gzip member; gzip, tar -z and zlib read members back to back.
// (Node's params() cannot do it: it changes nothing on a gzip stream.)
import { PassThrough, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { constants, createGzip, deflateRawSync, type Gzip } from 'node:zlib';

/** The level for data that compresses. */
export const COMPRESS_LEVEL = constants.Z_DEFAULT_COMPRESSION;
/** Stored blocks: no deflate work at all. */
export const STORE_LEVEL = constants.Z_NO_COMPRESSION;
/** 256 KiB output chunks: fewer, fuller writes to the SSH channel than zlib's 16 KiB. */
const CHUNK_SIZE = 256 * 1024;
/** How much of a file is tried, and what the try must save for the file to be compressed. */
const SAMPLE_SIZE = 16 * 1024;
const MIN_SAVING = 0.1;

/** The gzip output, and how to steer and await it. */
export interface AdaptiveGzip {
  stream: Readable;
  /** The level for what is fed from now on (from the next source chunk). */
  setLevel: (level: number) => void;
  /** Resolves once all of the source is in the output; rejects when the source or output fails. */
  done: Promise<void>;
}

/** Compresses `source` into `stream`, starting a new gzip member whenever the level changes. */
export function adaptiveGzip(
  source: AsyncIterable<unknown> & { destroy(err?: Error): unknown },
): AdaptiveGzip {
  const out = new PassThrough({ highWaterMark: CHUNK_SIZE });
  // Every wait below also ends when the reader goes away, so nothing waits forever.
  const gone = new Promise<never>((_, reject) =>
    out.once('close', () =>
      reject(out.errored ?? new Error('the upload stopped before it was complete')),
    ),
  );
  gone.catch(() => {});
  let wanted: number = COMPRESS_LEVEL;
  let member: Gzip | undefined;
  const feed = async () => {
    let level = wanted;
    member = startMember(level, out);
    for await (const chunk of source) {
      if (wanted !== level) {
        await Promise.race([endMember(member), gone]);
        level = wanted;
        member = startMember(level, out);
      }
      if (!member.write(chunk)) await Promise.race([drained(member), gone]);
    }
    await Promise.race([endMember(member), gone]);
    out.end();
  };
  const done = feed().catch((err: unknown) => {
    const failure = err instanceof Error ? err : new Error(String(err));
    source.destroy(failure);
    member?.destroy();
    out.destroy(failure);
    throw failure;
  });
  return { stream: out, setLevel: (level) => (wanted = level), done };
}

/** STORE_LEVEL when a file's first bytes do not shrink by a tenth at level 1, else COMPRESS_LEVEL. */
export function levelFor(start: Buffer): number {
  const sample = start.subarray(0, SAMPLE_SIZE);
  const packed = deflateRawSync(sample, { level: 1 }).length;
  return packed > sample.length * (1 - MIN_SAVING) ? STORE_LEVEL : COMPRESS_LEVEL;
}

function startMember(level: number, out: PassThrough): Gzip {
  const member = createGzip({ level, chunkSize: CHUNK_SIZE });
  member.pipe(out, { end: false });
  member.once('error', (err) => out.destroy(err)); // ends every wait through `gone`
  return member;
}

// Resolves once the member's last byte has been handed to the output.
async function endMember(member: Gzip): Promise<void> {
  member.end();
  await finished(member);
}

function drained(member: Gzip): Promise<void> {
  return new Promise((resolve) => member.once('drain', () => resolve()));
}
