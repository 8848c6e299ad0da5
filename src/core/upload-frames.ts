// The push stream the mypaas CLI sends: a tar cut into frames, each stored or deflated on its own,
// so the client can choose per frame whether compressing pays (it does on slow links, not on fast
// ones). Plain tar and tar.gz stay accepted for `tar | ssh host push`.
//
//   MAGIC, then frames: kind (1 byte) · payload length (u32 BE) · tar bytes it holds (u32 BE) · payload

/** Starts the stream; a NUL first byte never begins a tar, and 1f 8b begins gzip. */
export const FRAMES_MAGIC = Buffer.from('\0mypaas-frames/1\n', 'latin1');

/** Frame kinds: tar bytes as they are, or a raw deflate stream of them. */
export const STORED = 0x53; // 'S'
export const DEFLATED = 0x44; // 'D'

export const FRAME_HEADER_BYTES = 9;

/** The most tar bytes one frame may hold: what a receiver inflates into memory at once. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

/** The 9-byte header of a frame. */
export function frameHeader(kind: number, payloadBytes: number, tarBytes: number): Buffer {
  const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  header[0] = kind;
  header.writeUInt32BE(payloadBytes, 1);
  header.writeUInt32BE(tarBytes, 5);
  return header;
}
