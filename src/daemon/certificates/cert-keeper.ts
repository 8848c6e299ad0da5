// The executor of the certificate plan: one pass orders what planCertificates says, stores each
// certificate (0600) and hands it to the proxy; a keeper runs passes on a timer and when woken.
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../../core/write-file-atomic.js';
import { acmeFiles, covers, notAfter, readHandPlaced, readOrdered } from './cert-files.js';
import { loadOrderState, saveOrderState } from './cert-state.js';
import type { OrderCertificate } from './acme-orderer.js';
import { backoffMs, planCertificates, type CertificatePlan } from './plan-certificates.js';

/** What a pass needs; every effect is a port, the clock included. */
export interface CertificatePassDeps {
  certsDir: string;
  now(): number;
  /** The hosts of every https url routed now. */
  hosts(): Promise<string[]>;
  order: OrderCertificate;
  /** Serves the stored certificate at `path` (HAProxy: runtime API, no reload). */
  load(path: string, pem: string): Promise<void>;
  log(text: string): void;
  ordersPerPass?: number;
}

/** What one pass planned and how each order ended. */
export interface PassReport {
  plan: CertificatePlan;
  issued: string[];
  failed: { host: string; reason: string }[];
}

/** Plans and runs one pass. The backoff is written before each order, so a crash mid-order
 * counts as a failure and a restart loop cannot hammer the CA. */
export async function runCertificatePass(deps: CertificatePassDeps): Promise<PassReport> {
  const { certsDir } = deps;
  const [hosts, handPlaced, ordered, state] = await Promise.all([
    deps.hosts(),
    readHandPlaced(certsDir),
    readOrdered(certsDir),
    loadOrderState(certsDir),
  ]);
  const plan = planCertificates(
    hosts,
    (host) => {
      const cert = ordered.get(host)?.cert ?? null;
      const record = state[host];
      return {
        handPlaced: covers(handPlaced, host),
        acmeNotAfter: cert ? notAfter(cert) : null,
        failures: record?.failures ?? 0,
        notBefore: record?.notBefore ?? null,
      };
    },
    deps.now(),
    deps.ordersPerPass,
  );
  const report: PassReport = { plan, issued: [], failed: [] };
  for (const host of plan.order) {
    const failures = (state[host]?.failures ?? 0) + 1;
    const startedAt = deps.now();
    const record = (lastError: string) => ({
      failures,
      notBefore: startedAt + backoffMs(failures),
      lastError,
      lastAttemptAt: startedAt,
    });
    state[host] = record('the order was interrupted (the daemon stopped during it)');
    await saveOrderState(certsDir, state);
    try {
      const pem = await deps.order(host);
      const path = acmeFiles(certsDir).certificate(host);
      await mkdir(acmeFiles(certsDir).dir, { recursive: true, mode: 0o700 });
      await writeFileAtomic(path, pem, { mode: 0o600 });
      await deps.load(path, pem);
      delete state[host];
      await saveOrderState(certsDir, state);
      report.issued.push(host);
      deps.log(`certificate for ${host} issued and served`);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      state[host] = record(reason);
      await saveOrderState(certsDir, state);
      report.failed.push({ host, reason });
      const wait = Math.round(backoffMs(failures) / 60_000);
      deps.log(`certificate for ${host} failed (try ${failures}; next in ${wait} min): ${reason}`);
    }
  }
  return report;
}

/** A running keeper. */
export interface CertificateKeeper {
  /** Runs a pass soon (routes changed); passes never overlap. */
  wake(): void;
  /** Stops the timer; a running order is not waited for (a CA may take minutes), and one cut
   * off by the exit counts as a failure, as its backoff was written before it. */
  stop(): Promise<void>;
}

/** Runs a pass now, then every `intervalMs` and whenever woken. */
export function startCertificateKeeper(
  deps: CertificatePassDeps,
  intervalMs: number,
): CertificateKeeper {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const pass = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = runCertificatePass(deps)
      .then(
        () => undefined,
        (err: unknown) => deps.log(`certificate pass failed: ${String(err)}`),
      )
      .finally(() => {
        running = undefined;
        if (stopped) return;
        if (again) {
          again = false;
          pass();
        } else {
          timer = setTimeout(pass, intervalMs);
          timer.unref();
        }
      });
  };
  pass();
  return {
    wake: pass,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      return Promise.resolve();
    },
  };
}
