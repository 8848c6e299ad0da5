// Which hosts to ask the CA for a certificate now: pure, so every rule that keeps mypaas inside
// the CA's rate limits (Let's Encrypt's production ones are easy to hit from a loop) is tested.

/** Renew this long before a certificate expires (Let's Encrypt's own advice: a third of 90 days). */
export const RENEW_BEFORE_MS = 30 * 24 * 3600_000;
/** The first wait after a failed order; it doubles per failure up to MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 5 * 60_000;
export const MAX_BACKOFF_MS = 24 * 3600_000;
/** Orders one pass may place; the rest wait for the next pass. */
export const ORDERS_PER_PASS = 5;

/** What the host already has for one name. */
export interface HostCertificates {
  /** A certificate you put in certs_dir covers the host: it wins, nothing is ordered. */
  handPlaced: boolean;
  /** The certificate mypaas ordered for it earlier, if any: its expiry (ms since the epoch). */
  acmeNotAfter: number | null;
  /** Failed orders in a row; reset by a certificate. */
  failures: number;
  /** No new order before this time (ms since the epoch). */
  notBefore: number | null;
}

/** Why a host gets no order in this pass. */
export type Skip =
  | { host: string; reason: 'hand-placed' }
  | { host: string; reason: 'valid'; renewAt: number }
  | { host: string; reason: 'backoff'; until: number }
  | { host: string; reason: 'pass-full' };

/** Hosts to order for now, and why each other one waits. */
export interface CertificatePlan {
  order: string[];
  skip: Skip[];
}

/** The plan for `hosts` (the https hosts routes name) given what each already has, at `now`. */
export function planCertificates(
  hosts: readonly string[],
  have: (host: string) => HostCertificates,
  now: number,
  ordersPerPass = ORDERS_PER_PASS,
): CertificatePlan {
  const plan: CertificatePlan = { order: [], skip: [] };
  for (const host of [...new Set(hosts)].sort()) {
    const current = have(host);
    if (current.handPlaced) {
      plan.skip.push({ host, reason: 'hand-placed' });
      continue;
    }
    if (current.acmeNotAfter !== null && current.acmeNotAfter - RENEW_BEFORE_MS > now) {
      plan.skip.push({ host, reason: 'valid', renewAt: current.acmeNotAfter - RENEW_BEFORE_MS });
      continue;
    }
    if (current.notBefore !== null && current.notBefore > now) {
      plan.skip.push({ host, reason: 'backoff', until: current.notBefore });
      continue;
    }
    if (plan.order.length >= ordersPerPass) {
      plan.skip.push({ host, reason: 'pass-full' });
      continue;
    }
    plan.order.push(host);
  }
  return plan;
}

/** How long to wait after the `failures`-th failure in a row: 5 min, 10, 20, … at most a day. */
export function backoffMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(FIRST_BACKOFF_MS * 2 ** Math.min(failures - 1, 30), MAX_BACKOFF_MS);
}
