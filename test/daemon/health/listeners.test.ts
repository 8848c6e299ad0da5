// The /proc/net parser and the rule that tells an app no probe can reach.
import assert from 'node:assert/strict';
import { endianness } from 'node:os';
import { test } from 'node:test';
import { listenerProblem, parseProcNet } from '../../../src/daemon/health/listeners.js';

// How /proc prints an address: each 32-bit word in the host's byte order.
function word(bytes: number[]): string {
  const ordered = endianness() === 'LE' ? [...bytes].reverse() : bytes;
  return ordered.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
}

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid';

function line(address: string, port: number, state: string): string {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return `   0: ${address}:${hexPort} 00000000:0000 ${state} 00000000:00000000 00:00000000 0 0 1 1`;
}

test('parseProcNet: listening sockets of tcp and tcp6, others skipped', () => {
  const tcp = [
    HEADER,
    line(word([127, 0, 0, 1]), 8080, '0A'),
    line(word([0, 0, 0, 0]), 9000, '0A'),
    line(word([10, 0, 0, 5]), 40000, '01'), // an established connection
    'garbage',
  ].join('\n');
  assert.deepEqual(parseProcNet(tcp), [
    { address: '127.0.0.1', port: 8080 },
    { address: '0.0.0.0', port: 9000 },
  ]);
  const zero = word([0, 0, 0, 0]);
  const tcp6 = [
    HEADER,
    line(zero.repeat(4), 80, '0A'),
    line(zero.repeat(3) + word([0, 0, 0, 1]), 81, '0A'),
    line(zero.repeat(2) + word([0, 0, 255, 255]) + word([127, 0, 0, 1]), 82, '0A'),
  ].join('\n');
  assert.deepEqual(parseProcNet(tcp6), [
    { address: '::', port: 80 },
    { address: '::1', port: 81 },
    { address: '::ffff:127.0.0.1', port: 82 },
  ]);
});

test('listenerProblem: loopback or other ports only are problems; nothing open yet is not', () => {
  const at = (address: string, port: number) => ({ address, port });
  assert.equal(listenerProblem([], 8080), null, 'still starting');
  assert.equal(listenerProblem([at('127.0.0.11', 42313)], 8080), null, "Docker's DNS");
  assert.equal(listenerProblem([at('0.0.0.0', 8080)], 8080), null);
  assert.equal(listenerProblem([at('::', 8080), at('127.0.0.1', 9)], 8080), null);
  assert.equal(listenerProblem([at('172.18.0.3', 8080)], 8080), null, 'its own address');
  const loopback = listenerProblem([at('127.0.0.1', 8080)], 8080);
  assert.equal(loopback?.reason, 'the app listens on 127.0.0.1:8080, not 0.0.0.0:8080');
  assert.equal(listenerProblem([at('::1', 8080)], 8080)?.reason.includes('[::1]:8080'), true);
  const other = listenerProblem([at('127.0.0.11', 42313), at('0.0.0.0', 3000)], 8080);
  assert.equal(other?.reason, 'the app listens on 0.0.0.0:3000, not on port 8080 ($PORT)');
  assert.ok((other?.sightings ?? 0) > (loopback?.sightings ?? 0), 'a side port may open first');
});
