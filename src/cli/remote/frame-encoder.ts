// Cuts the tar into frames (see core/upload-frames) and sends them in order. While the compression
// policy finds the link slower than deflate, a frame whose start compresses is deflated in the
// thread pool, a few at once, while earlier frames go out; everything else is sent as it is.
import { PassThrough, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import { deflateRaw, deflateRawSync } from 'node:zlib';
import { DEFLATED, FRAMES_MAGIC, frameHeader, STORED } from '../../core/upload-frames.js';
import { compressionPolicy, DEFAULT_TUNING, type CompressionPolicy } from './compression-policy.js';

/** About one file read per frame (far below MAX_FRAME_BYTES): small enough to deflate several at
 * once, large enough to be cheap. A frame is at most 2 × FRAME_BYTES. */
const FRAME_BYTES = 256 * 1024;
const LEVEL = 6;
/** How much of a frame is tried, and what the try must save for the frame to be deflated. */
const SAMPLE_BYTES = 16 * 1024;
const MIN_SAVING = 0.1;

const deflate = promisify(deflateRaw);

/** The frames to send, how to steer them, and how to await them. */
export interface FrameEncoder {
  stream: Readable;
  /** Bytes handed to `stream` so far. */
  readonly sentBytes: number;
  /** Resolves once all of the source is in `stream`; rejects when the source or reader fails. */
  done: Promise<void>;
}

/** False when `start` (its first SAMPLE_BYTES) does not shrink by a tenth at deflate's fastest level. */
export function worthCompressing(start: Buffer): boolean {
  const sample = start.subarray(0, SAMPLE_BYTES);
  return deflateRawSync(sample, { level: 1 }).length <= sample.length * (1 - MIN_SAVING);
}

/** Frames `source` into `stream`, asking `policy` about each frame, then trying the frame itself. */
export function encodeFrames(
  source: AsyncIterable<unknown> & { destroy(err?: Error): unknown },
  policy: CompressionPolicy = compressionPolicy(),
): FrameEncoder {
  const out = new PassThrough({ highWaterMark: 4 * FRAME_BYTES });
  // Every wait below also ends when the reader goes away, so nothing waits forever.
  const gone = new Promise<never>((_, reject) =>
    out.once('close', () =>
      reject(out.errored ?? new Error('the upload stopped before it was complete')),
    ),
  );
  gone.catch(() => {});
  let sentBytes = 0;
  // Frames in send order; a deflated one is settled once its thread-pool job is.
  const queue: Pending[] = [];
  const send = async () => {
    const next = queue.shift() as Pending;
    const frame = next.frame ?? (await Promise.race([next.ready, gone]));
    let wire = 0;
    let waited = 0;
    for (const buffer of frame.buffers) {
      wire += buffer.length;
      if (out.write(buffer)) continue;
      const started = performance.now();
      await Promise.race([drained(out), gone]);
      waited += performance.now() - started;
    }
    sentBytes += wire;
    policy.sent(wire, waited, performance.now());
  };
  let parts: Buffer[] = [];
  let size = 0;
  const cut = async () => {
    if (size === 0) return;
    // Tried only while deflating could pay: on a fast link this costs nothing.
    const compress = policy.compress() && worthCompressing(frameStart(parts));
    queue.push(frameOf(parts, size, compress, policy));
    parts = [];
    size = 0;
    while (queue.length > DEFAULT_TUNING.parallel || queue[0]?.frame) await send();
  };
  const feed = async () => {
    out.write(FRAMES_MAGIC);
    sentBytes += FRAMES_MAGIC.length;
    for await (const chunk of source) {
      for (let at = 0; at < (chunk as Buffer).length; at += FRAME_BYTES) {
        const piece = (chunk as Buffer).subarray(at, at + FRAME_BYTES);
        parts.push(piece);
        size += piece.length;
        if (size >= FRAME_BYTES) await cut();
      }
    }
    await cut();
    while (queue.length > 0) await send();
    out.end();
  };
  const done = feed().catch((err: unknown) => {
    const failure = err instanceof Error ? err : new Error(String(err));
    source.destroy(failure);
    out.destroy(failure);
    throw failure;
  });
  return {
    stream: out,
    get sentBytes() {
      return sentBytes;
    },
    done,
  };
}

interface Frame {
  buffers: Buffer[];
}

interface Pending {
  frame?: Frame;
  ready: Promise<Frame>;
}

function frameOf(parts: Buffer[], size: number, compress: boolean, policy: CompressionPolicy) {
  if (!compress) {
    const frame = storedFrame(parts, size);
    return { frame, ready: Promise.resolve(frame) };
  }
  const pending: Pending = { ready: deflatedFrame(parts, size, policy) };
  pending.ready.then(
    (frame) => (pending.frame = frame),
    () => {}, // surfaces where the frame is awaited
  );
  return pending;
}

// The frame's first SAMPLE_BYTES; copied only when its first part is shorter (a tar header, say).
function frameStart(parts: Buffer[]): Buffer {
  const taken: Buffer[] = [];
  let length = 0;
  for (const part of parts) {
    if (length >= SAMPLE_BYTES) break;
    taken.push(part);
    length += part.length;
  }
  return taken.length === 1
    ? (taken[0] as Buffer)
    : Buffer.concat(taken, Math.min(length, SAMPLE_BYTES));
}

function storedFrame(parts: Buffer[], size: number): Frame {
  return { buffers: [frameHeader(STORED, size, size), ...parts] };
}

async function deflatedFrame(
  parts: Buffer[],
  size: number,
  policy: CompressionPolicy,
): Promise<Frame> {
  const input = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
  const started = performance.now();
  const payload = await deflate(input, { level: LEVEL });
  policy.deflated(size, performance.now() - started);
  // Data the sample misjudged can come out larger; then it goes as it is.
  if (payload.length >= size) return storedFrame([input], size);
  return { buffers: [frameHeader(DEFLATED, payload.length, size), payload] };
}

function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => stream.once('drain', () => resolve()));
}
