// The load client counts what a browser would see: retries on dead keep-alive connections are
// not failures, but refused connections and 5xx answers are.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { startLoad } from './load-client.js';

async function serve(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

test('a server that closes idle keep-alive connections causes retries, not failures', async (t) => {
  let n = 0;
  const server = createServer((req, res) => {
    n++;
    res.end('ok');
    // Every third request, close the connection right after answering, without telling the client.
    if (n % 3 === 0) res.on('finish', () => setTimeout(() => req.socket.destroy(), 5));
  });
  server.keepAliveTimeout = 60_000;
  t.after(() => server.close());
  const url = await serve(server);
  const load = startLoad({ url, host: 'x', connections: 8, maxMs: 5000 });
  await new Promise((r) => setTimeout(r, 800));
  const report = await load.stop();
  assert.equal(report.failed, 0, report.failures.join('\n'));
  assert.ok(report.served > 50, `served ${report.served}`);
});

test('5xx answers and refused connections are failures', async (t) => {
  const server = createServer((_req, res) => {
    res.statusCode = 502;
    res.end('bad gateway');
  });
  t.after(() => server.close());
  const url = await serve(server);
  const bad = startLoad({ url, host: 'x', connections: 2, maxMs: 300 });
  const report = await bad.stop();
  assert.ok(report.failed >= 2 && report.failures.every((f) => f === 'HTTP 502'));
  const refused = startLoad({ url: 'http://127.0.0.1:1/', host: 'x', connections: 1, maxMs: 200 });
  const r2 = await refused.stop();
  assert.ok(r2.failed >= 1 && /ECONNREFUSED/.test(r2.failures[0] ?? ''));
});
