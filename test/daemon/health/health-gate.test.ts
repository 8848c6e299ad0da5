// The health gate against real HTTP servers on port 0: what passes, what fails, and how fast.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { isMypaasError } from '../../../src/core/errors.js';
import { waitUntilHealthy, type Liveness } from '../../../src/daemon/health/health-gate.js';

const alive = (): Promise<Liveness> => Promise.resolve({ alive: true });

/** A server on 127.0.0.1:0 that answers with `handler`, closed after the test. */
async function serve(t: TestContext, handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
}

/** A URL nothing listens on: a port that was just free. */
async function deadUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

/** Runs the gate expecting HEALTHCHECK_FAILED; returns the error and how long the gate took. */
async function expectFailure(run: Promise<unknown>): Promise<{ err: Error; ms: number }> {
  const start = performance.now();
  const err = await run.then(
    () => assert.fail('the gate passed'),
    (e: unknown) => e as Error,
  );
  assert.ok(isMypaasError(err, 'HEALTHCHECK_FAILED'), `unexpected error: ${String(err)}`);
  return { err, ms: performance.now() - start };
}

void test('a server that answers below 500 passes at the first probe, 404 included', async (t) => {
  for (const status of [200, 404]) {
    const hosts: (string | undefined)[] = [];
    const url = await serve(t, (req, res) => {
      hosts.push(req.headers.host);
      res.writeHead(status).end('ok');
    });
    const opts = { url, hostHeader: 'app.example.com', intervalMs: 50, timeoutMs: 2_000 };
    const result = await waitUntilHealthy({ ...opts, checkAlive: alive });
    assert.equal(result.status, status);
    assert.equal(result.attempts, 1);
    assert.deepEqual(hosts, ['app.example.com']);
  }
});

void test('503 until ready: probes every interval from the start of the last one', async (t) => {
  const readyAt = performance.now() + 300;
  const seen: number[] = [];
  const url = await serve(t, (_req, res) => {
    seen.push(performance.now());
    res.writeHead(performance.now() >= readyAt ? 200 : 503).end();
  });
  const result = await waitUntilHealthy({
    url,
    intervalMs: 50,
    timeoutMs: 5_000,
    checkAlive: alive,
  });
  assert.equal(result.status, 200);
  assert.ok(result.elapsedMs >= 290, `passed after ${result.elapsedMs} ms`);
  assert.equal(result.attempts, seen.length);
  assert.ok(seen.length >= 5 && seen.length <= 9, `${seen.length} probes in ~300 ms`);
  const gaps = seen.slice(1).map((at, i) => at - (seen[i] ?? at));
  assert.ok(Math.min(...gaps) >= 45, `gaps ${gaps.join(', ')}`);
  assert.ok(Math.max(...gaps) < 150, `gaps ${gaps.join(', ')}`);
});

void test('deadline with nothing listening: fails on time and names the last outcome', async () => {
  const refused = waitUntilHealthy({
    url: await deadUrl(),
    intervalMs: 100,
    timeoutMs: 500,
    checkAlive: alive,
  });
  const { err, ms } = await expectFailure(refused);
  assert.ok(ms >= 490 && ms < 1_000, `failed after ${ms} ms`);
  // The last outcome is part of the message's contract, so people see why.
  assert.match(err.message, /connection refused/);
});

void test('deadline with a server that keeps answering 503', async (t) => {
  const url = await serve(t, (_req, res) => res.writeHead(503).end());
  const { err, ms } = await expectFailure(
    waitUntilHealthy({ url, intervalMs: 100, timeoutMs: 400, checkAlive: alive }),
  );
  assert.ok(ms >= 390 && ms < 900, `failed after ${ms} ms`);
  assert.match(err.message, /HTTP 503/);
});

void test('a server that accepts but never answers: request timeout and deadline hold', async (t) => {
  let open = 0;
  let maxOpen = 0;
  let requests = 0;
  const url = await serve(t, (req) => {
    requests += 1;
    open += 1;
    maxOpen = Math.max(maxOpen, open);
    req.socket.on('close', () => (open -= 1));
  });
  const gate = waitUntilHealthy({
    url,
    intervalMs: 50,
    timeoutMs: 700,
    requestTimeoutMs: 200,
    checkAlive: alive,
  });
  const { ms } = await expectFailure(gate);
  assert.ok(ms >= 690 && ms < 1_200, `failed after ${ms} ms`);
  // Probes at 0, 200, 400 and 600 ms, the last cut short by the deadline; never two at once.
  assert.ok(requests >= 3 && requests <= 5, `${requests} requests`);
  assert.equal(maxOpen, 1);
});

void test('a container that dies fails the gate at once, not at the deadline', async () => {
  let calls = 0;
  const checkAlive = (): Promise<Liveness> => {
    calls += 1;
    return Promise.resolve(calls < 3 ? { alive: true } : { alive: false, reason: 'exited (1)' });
  };
  const gate = waitUntilHealthy({
    url: await deadUrl(),
    intervalMs: 50,
    timeoutMs: 10_000,
    checkAlive,
  });
  const { ms } = await expectFailure(gate);
  assert.ok(ms < 1_000, `failed after ${ms} ms`);
  assert.equal(calls, 3);
});

void test('an abort ends the gate during a pause and during a probe', async (t) => {
  const busy = await serve(t, (_req, res) => res.writeHead(503).end());
  const silent = await serve(t, () => undefined);
  for (const url of [busy, silent]) {
    const signal = AbortSignal.timeout(150);
    const gate = waitUntilHealthy({
      url,
      intervalMs: 1_000,
      timeoutMs: 10_000,
      requestTimeoutMs: 5_000,
      checkAlive: alive,
      signal,
    });
    const { ms } = await expectFailure(gate);
    assert.ok(ms < 1_000, `aborted after ${ms} ms`);
  }
});
