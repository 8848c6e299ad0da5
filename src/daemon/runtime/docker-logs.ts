// The last lines a container printed, for the error shown when it dies before it is healthy.
import type Docker from 'dockerode';
import { tolerating } from './docker-errors.js';

const HEADER_BYTES = 8;

/** The last `lines` lines of stdout and stderr, oldest first; a missing container has none. */
export async function logsTail(docker: Docker, id: string, lines: number): Promise<string[]> {
  if (lines <= 0) return [];
  const data: unknown = await tolerating(`cannot read the logs of ${id.slice(0, 12)}`, [404], () =>
    docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false, tail: lines }),
  );
  const text = demultiplex(asBuffer(data)).toString('utf8');
  const all = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (all.at(-1) === '') all.pop();
  return all.slice(-lines);
}

/**
 * Joins the payloads of Docker's stdout/stderr frames (1 byte stream, 3 zero bytes, 4 bytes
 * big-endian size); returns the input unchanged when it is not framed, as for a TTY container.
 */
export function demultiplex(buffer: Buffer): Buffer {
  const payloads: Buffer[] = [];
  let pos = 0;
  while (pos < buffer.length) {
    if (pos + HEADER_BYTES > buffer.length) return buffer;
    const stream = buffer[pos] ?? 255;
    const padded = buffer[pos + 1] === 0 && buffer[pos + 2] === 0 && buffer[pos + 3] === 0;
    const size = buffer.readUInt32BE(pos + 4);
    const end = pos + HEADER_BYTES + size;
    if (stream > 2 || !padded || end > buffer.length) return buffer;
    payloads.push(buffer.subarray(pos + HEADER_BYTES, end));
    pos = end;
  }
  return Buffer.concat(payloads);
}

/** docker-modem hands back JSON-looking bodies parsed, and everything else as a Buffer. */
function asBuffer(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (typeof data === 'string') return Buffer.from(data);
  return Buffer.from(data === undefined ? '' : JSON.stringify(data));
}
