// A TCP proxy on a free loopback port that carries client-to-server bytes at a fixed rate: a slow
// uplink, made in-process (tc's qdiscs drop SSH connections on this kind of machine).
import { createServer, connect, type Socket } from 'node:net';
import { freePort } from '../test/helpers/free-port.js';

/** A running proxy to `target`; `stop` closes it and every connection through it. */
export interface ThrottleProxy {
  port: number;
  stop(): Promise<void>;
}

/** Forwards to 127.0.0.1:`target`, the client's bytes at `bytesPerSecond`, the replies as they come. */
export async function startThrottleProxy(
  target: number,
  bytesPerSecond: number,
): Promise<ThrottleProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => [client, upstream].forEach((s) => s.destroy()));
    }
    upstream.pipe(client);
    // A token bucket of a tenth of a second: bursts stay small, the average is the rate.
    let budget = 0;
    let last = Date.now();
    client.on('data', (chunk: Buffer) => {
      const now = Date.now();
      budget = Math.min(bytesPerSecond / 10, budget + ((now - last) * bytesPerSecond) / 1000);
      last = now;
      budget -= chunk.length;
      upstream.write(chunk);
      if (budget >= 0) return;
      client.pause();
      setTimeout(() => client.resume(), (-budget / bytesPerSecond) * 1000);
    });
    client.on('end', () => upstream.end());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
