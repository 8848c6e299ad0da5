// What a container listens on, read from its /proc/<pid>/net/tcp and tcp6 (no tool in the image
// needed), and the commonest mistake it shows: an app bound to 127.0.0.1 or to another port than
// $PORT, which no probe from outside can reach.
import { endianness } from 'node:os';

/** One listening TCP socket. */
export interface Listener {
  address: string;
  port: number;
}

/** Why no probe can reach the app, and how many sightings in a row make that certain. */
export interface ListenerProblem {
  reason: string;
  sightings: number;
}

const LISTEN_STATE = '0A';
/** Bound to loopback on the right port: certain at once; a few sightings rule out a race. */
const LOOPBACK_SIGHTINGS = 3;
/** Only other ports open: an app may open a side port before its main one, so wait longer. */
const OTHER_PORT_SIGHTINGS = 20;

/** The listening sockets of one /proc/net/tcp or tcp6 text; unreadable lines are skipped. */
export function parseProcNet(text: string): Listener[] {
  const listeners: Listener[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    const match = /^([0-9A-F]{8}|[0-9A-F]{32}):([0-9A-F]{4})$/i.exec(local ?? '');
    if (!match || state?.toUpperCase() !== LISTEN_STATE) continue;
    listeners.push({
      address: formatAddress(match[1] as string),
      port: parseInt(match[2] as string, 16),
    });
  }
  return listeners;
}

/** Why an app with these sockets cannot answer on `port`, or null (fine, or nothing open yet). */
export function listenerProblem(listeners: Listener[], port: number): ListenerProblem | null {
  const onPort = listeners.filter((l) => l.port === port);
  if (onPort.some((l) => !isLoopback(l.address))) return null;
  if (onPort.length > 0) {
    const reason = `the app listens on ${shown(onPort)}, not 0.0.0.0:${port}`;
    return { reason, sightings: LOOPBACK_SIGHTINGS };
  }
  // Loopback side ports say nothing: Docker's own DNS listens on 127.0.0.11 in every container.
  const elsewhere = listeners.filter((l) => !isLoopback(l.address));
  if (elsewhere.length === 0) return null;
  const reason = `the app listens on ${shown(elsewhere)}, not on port ${port} ($PORT)`;
  return { reason, sightings: OTHER_PORT_SIGHTINGS };
}

function shown(listeners: Listener[]): string {
  return listeners
    .slice(0, 3)
    .map((l) => (l.address.includes(':') ? `[${l.address}]:${l.port}` : `${l.address}:${l.port}`))
    .join(', ');
}

// /proc prints each 32-bit word of the address in the host's byte order.
function formatAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = Buffer.alloc(words.length * 4);
  words.forEach((word, i) => {
    const value = parseInt(word, 16);
    if (endianness() === 'LE') bytes.writeUInt32LE(value, i * 4);
    else bytes.writeUInt32BE(value, i * 4);
  });
  if (bytes.length === 4) return [...bytes].join('.');
  const mapped = bytes
    .subarray(0, 12)
    .equals(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255]));
  if (mapped) return `::ffff:${[...bytes.subarray(12)].join('.')}`;
  if (bytes.every((b) => b === 0)) return '::';
  if (bytes.subarray(0, 15).every((b) => b === 0) && bytes[15] === 1) return '::1';
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(':');
}

function isLoopback(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}
