// Measures an upload as it streams by: stops it at max_upload_bytes (uncompressed) or when the
// compression ratio says bomb, and checks the tar end marker that proves the client sent it all.
import { Transform } from 'node:stream';
import type { UploadLimits } from './upload-limits.js';
import { refused } from './upload-refused.js';

/** The counting stage, right after decompression (if any), before tar extraction. */
export interface UploadMeter {
  tar: Transform;
  /** Bytes of tar data so far. */
  readonly bytes: number;
}

/** A meter for one upload; the ratio is measured against the bytes `consumed` by decompression. */
export function uploadMeter(limits: UploadLimits, consumed?: () => number): UploadMeter {
  let bytes = 0;
  // The first block, until it is known to be a tar header (ustar magic at offset 257).
  let head: Buffer | null = Buffer.alloc(0);
  // The last 1 KiB: a complete tar ends with two zero blocks; a cut-off one does not.
  let tail = Buffer.alloc(0);
  const tar = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) {
        return callback(
          refused(`it is larger than ${limits.maxBytes} bytes uncompressed (max_upload_bytes)`),
        );
      }
      const ratio = bytes / Math.max(1, consumed?.() ?? bytes);
      if (bytes > limits.ratioAfterBytes && ratio > limits.maxRatio) {
        return callback(
          refused(
            `it expands ${Math.round(ratio)}:1 when uncompressed, which only a zip bomb does`,
          ),
        );
      }
      if (head !== null) {
        head = Buffer.concat([head, chunk]);
        if (head.length >= 512 && head.toString('latin1', 257, 262) !== 'ustar') {
          return callback(refused('it is not a tar archive (its first header has no ustar magic)'));
        }
        if (head.length >= 512) head = null;
      }
      tail = Buffer.from(
        chunk.length >= 1024 ? chunk.subarray(-1024) : Buffer.concat([tail, chunk]).subarray(-1024),
      );
      callback(null, chunk);
    },
    flush(callback) {
      const ended =
        head === null && bytes >= 1024 && bytes % 512 === 0 && tail.every((byte) => byte === 0);
      callback(ended ? null : refused('the archive is incomplete (the upload was cut off?)'));
    },
  });
  return {
    tar,
    get bytes() {
      return bytes;
    },
  };
}
