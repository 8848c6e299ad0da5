// How each https host's automatic certificate stands, for `server status`: read from certs_dir
// only (the files and the order state), so the host CLI sees what the daemon's keeper did.
import type { CertificateStatus } from '../../core/results.js';
import { covers, notAfter, readHandPlaced, readOrdered } from './cert-files.js';
import { loadOrderState } from './cert-state.js';

/** The status of each of `hosts`, in their order. */
export async function certificateStatuses(
  certsDir: string,
  hosts: readonly string[],
): Promise<CertificateStatus[]> {
  const [handPlaced, ordered, state] = await Promise.all([
    readHandPlaced(certsDir),
    readOrdered(certsDir),
    loadOrderState(certsDir),
  ]);
  return hosts.map((host) => {
    const cert = ordered.get(host)?.cert ?? null;
    const record = state[host];
    const base = {
      host,
      notAfter: cert ? notAfter(cert) : null,
      failures: record?.failures ?? 0,
      error: record?.lastError ?? null,
      nextAttemptAt: record?.notBefore ?? null,
    };
    if (covers(handPlaced, host)) return { ...base, state: 'hand-placed' as const, notAfter: null };
    if (record) return { ...base, state: 'failing' as const };
    return { ...base, state: cert ? ('valid' as const) : ('pending' as const) };
  });
}
