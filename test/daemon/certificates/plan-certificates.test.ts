// The certificate planner: never ask again for a host whose certificate is valid, hand-placed ones
// win, failures back off from 5 minutes to a day, and one pass places a bounded number of orders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  backoffMs,
  planCertificates,
  RENEW_BEFORE_MS,
  type HostCertificates,
} from '../../../src/daemon/certificates/plan-certificates.js';

const DAY = 24 * 3600_000;
const now = Date.UTC(2026, 0, 1);
const none: HostCertificates = {
  handPlaced: false,
  acmeNotAfter: null,
  failures: 0,
  notBefore: null,
};
const have =
  (table: Record<string, Partial<HostCertificates>>) =>
  (host: string): HostCertificates => ({ ...none, ...table[host] });

void test('a host without a certificate is ordered; a valid one not due for renewal never is', () => {
  const plan = planCertificates(
    ['new.test', 'fresh.test', 'due.test', 'expired.test'],
    have({
      'fresh.test': { acmeNotAfter: now + 60 * DAY },
      'due.test': { acmeNotAfter: now + 29 * DAY },
      'expired.test': { acmeNotAfter: now - DAY },
    }),
    now,
  );
  assert.deepEqual(plan.order, ['due.test', 'expired.test', 'new.test']);
  assert.deepEqual(plan.skip, [
    { host: 'fresh.test', reason: 'valid', renewAt: now + 60 * DAY - RENEW_BEFORE_MS },
  ]);
});

void test('renewal starts exactly 30 days before expiry', () => {
  const at = (notAfter: number) =>
    planCertificates(['a.test'], have({ 'a.test': { acmeNotAfter: notAfter } }), now).order;
  assert.deepEqual(at(now + 30 * DAY + 1), []);
  assert.deepEqual(at(now + 30 * DAY), ['a.test']);
});

void test('a hand-placed certificate wins, even over an expired ordered one', () => {
  const plan = planCertificates(
    ['mine.test'],
    have({ 'mine.test': { handPlaced: true, acmeNotAfter: now - DAY } }),
    now,
  );
  assert.deepEqual(plan, { order: [], skip: [{ host: 'mine.test', reason: 'hand-placed' }] });
});

void test('a host in backoff waits until its time, then is ordered again', () => {
  const table = { 'bad.test': { failures: 2, notBefore: now + 10 * 60_000 } };
  assert.deepEqual(planCertificates(['bad.test'], have(table), now).skip, [
    { host: 'bad.test', reason: 'backoff', until: now + 10 * 60_000 },
  ]);
  assert.deepEqual(planCertificates(['bad.test'], have(table), now + 10 * 60_000).order, [
    'bad.test',
  ]);
});

void test('backoff doubles from 5 minutes and stops at one day', () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4, 9, 10, 1000].map(backoffMs),
    [0, 5, 10, 20, 40, 1280, 1440, 1440].map((m) => m * 60_000),
  );
});

void test('one pass orders at most its bound, in name order; duplicates count once', () => {
  const hosts = ['e.test', 'd.test', 'c.test', 'b.test', 'a.test', 'a.test'];
  const plan = planCertificates(hosts, have({}), now, 2);
  assert.deepEqual(plan.order, ['a.test', 'b.test']);
  assert.deepEqual(
    plan.skip.map((s) => `${s.host} ${s.reason}`),
    ['c.test pass-full', 'd.test pass-full', 'e.test pass-full'],
  );
});
