// What the Traefik driver's drain guarantees, measured against real Traefik: a request in flight on
// an old server when the route moves keeps running (Traefik's config reload does not cut it) and
// completes if it finishes within drain_timeout; one still running when the old container stops
// is cut. Traefik reports no in-flight count, so the drain always waits the whole timeout.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRouter } from '../../../../src/daemon/engine.js';
import { startTraefikHost } from '../../../helpers/traefik-host.js';
import { get, route, upstream } from '../haproxy/fixture.js';

const HOST = 'drain.example.test';
const DRAIN_MS = 1_000;

void test('a slow request in flight during a swap completes within the drain; a longer one is cut when the old server stops', async (t) => {
  const host = await startTraefikHost(t);
  if (!host) return;
  const router = await createRouter(host.config, host.home);
  const urls = [`http://${HOST}`];
  // Request lengths: well inside the drain, just inside it, and beyond anything the swap waits
  // (apply waits out the provider throttle mypaas sets, 200 ms, then the drain runs).
  const cases = [
    { delayMs: 300, expect: 'old' },
    { delayMs: 800, expect: 'old' },
    { delayMs: 15_000, expect: 'cut' },
  ];
  for (const [i, c] of cases.entries()) {
    const [old, fresh] = [await upstream(t, 'old', c.delayMs), await upstream(t, `new-${i}`)];
    await router.apply(route('web', urls, [old]));
    const sent = performance.now();
    const slow: Promise<string> = get(host.httpPort, HOST, '/slow').then(
      (r) =>
        (r.status === 200 ? r.body : `HTTP ${r.status}`) +
        ` after ${Math.round(performance.now() - sent)} ms hits ${old.hits()}`,
      (e) => `cut ${String(e)}`,
    );
    while (old.hits() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const applying = performance.now();
    await router.apply(route('web', urls, [fresh]));
    const appliedMs = Math.round(performance.now() - applying);
    const started = performance.now();
    await router.drain(route('web', urls, [old]), route('web', urls, [old]).upstreams, DRAIN_MS);
    const drainedMs = performance.now() - started;
    await old.close(); // what stopping the old container does to its connections
    const outcome = await slow;
    t.diagnostic(
      `${c.delayMs} ms request, apply ${appliedMs} ms, ${DRAIN_MS} ms drain: ${outcome}`,
    );
    assert.ok(drainedMs >= DRAIN_MS - 5, 'the drain waits the whole timeout');
    if (c.expect === 'old') assert.match(outcome, /^old /);
    else assert.doesNotMatch(outcome, /^old /);
    assert.equal((await get(host.httpPort, HOST)).body, `new-${i}`);
  }
});
