// Undoes the CLI's framing (core/upload-frames) into the plain tar: stored frames pass through as
// they arrive, without a copy; deflated ones are inflated in the thread pool, each to exactly the
// size its header declares and no further.
import { Transform, type TransformCallback } from 'node:stream';
import { inflateRaw } from 'node:zlib';
import {
  DEFLATED,
  FRAME_HEADER_BYTES,
  FRAMES_MAGIC,
  MAX_FRAME_BYTES,
  STORED,
} from '../../core/upload-frames.js';
import { refused } from './upload-refused.js';

/** The decoding stage, and how many framed bytes it has decoded so far (for the bomb check). */
export interface FrameDecoder {
  stream: Transform;
  readonly wireBytes: number;
}

/** A decoder for one upload, which must start with FRAMES_MAGIC. */
export function frameDecoder(): FrameDecoder {
  let wireBytes = 0;
  // What is being gathered: the magic, a frame header, or a deflated payload.
  let gathering: Buffer[] = [];
  let gathered = 0;
  let magicSeen = false;
  let frame: { kind: number; payload: number; tar: number } | undefined;
  let storedLeft = 0;

  const gather = (chunk: Buffer, at: number, want: number): number => {
    const take = Math.min(want - gathered, chunk.length - at);
    gathering.push(chunk.subarray(at, at + take));
    gathered += take;
    return at + take;
  };
  const takeGathered = (): Buffer => {
    const whole = Buffer.concat(gathering, gathered);
    gathering = [];
    gathered = 0;
    return whole;
  };

  // Works through `chunk` from `at`; returns early (and resumes from the callback) to inflate.
  const step = (stream: Transform, chunk: Buffer, from: number, done: TransformCallback): void => {
    let at = from;
    // Counted as consumed, not as received: a ratio taken against what has arrived would let a
    // bomb that arrives in one piece expand far before the ratio says so.
    const consumed = () => (wireBytes += at - from);
    while (at < chunk.length) {
      if (!magicSeen) {
        at = gather(chunk, at, FRAMES_MAGIC.length);
        if (gathered < FRAMES_MAGIC.length) break;
        if (!takeGathered().equals(FRAMES_MAGIC)) return done(broken('it does not start as one'));
        magicSeen = true;
      } else if (storedLeft > 0) {
        const take = Math.min(storedLeft, chunk.length - at);
        stream.push(chunk.subarray(at, at + take));
        storedLeft -= take;
        at += take;
      } else if (frame === undefined) {
        at = gather(chunk, at, FRAME_HEADER_BYTES);
        if (gathered < FRAME_HEADER_BYTES) break;
        const parsed = parseHeader(takeGathered());
        if (parsed instanceof Error) return done(parsed);
        if (parsed.kind === STORED) storedLeft = parsed.tar;
        else frame = parsed;
      } else {
        at = gather(chunk, at, frame.payload);
        if (gathered < frame.payload) break;
        const { tar } = frame;
        frame = undefined;
        const resume = at;
        consumed();
        inflateRaw(takeGathered(), { maxOutputLength: tar }, (err, out) => {
          if (err || out.length !== tar)
            return done(broken(`a frame does not inflate to ${tar} bytes`));
          stream.push(out);
          step(stream, chunk, resume, done);
        });
        return;
      }
    }
    consumed();
    done();
  };

  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      step(this, chunk, 0, done);
    },
    flush(done) {
      const between = magicSeen && frame === undefined && storedLeft === 0 && gathered === 0;
      done(between ? null : refused('the archive is incomplete (the upload was cut off?)'));
    },
  });
  return {
    stream,
    get wireBytes() {
      return wireBytes;
    },
  };
}

function parseHeader(header: Buffer) {
  const kind = header[0];
  const payload = header.readUInt32BE(1);
  const tar = header.readUInt32BE(5);
  if (kind !== STORED && kind !== DEFLATED) return broken(`unknown frame kind ${String(kind)}`);
  if (tar === 0 || tar > MAX_FRAME_BYTES)
    return broken(`a frame holds ${tar} bytes, outside 1..${MAX_FRAME_BYTES}`);
  if (kind === STORED ? payload !== tar : payload === 0 || payload > MAX_FRAME_BYTES)
    return broken(`a frame's payload of ${payload} bytes does not fit the ${tar} it holds`);
  return { kind, payload, tar };
}

function broken(reason: string) {
  return refused(`it is not a readable mypaas upload stream (${reason})`);
}
