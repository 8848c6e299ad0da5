// What mypaas remembers about its orders per host, on disk so a restart or a crash mid-order
// never resets the backoff: failures in a row, the earliest next try, and the CA's last reason.
import { mkdir, readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../core/write-file-atomic.js';
import { acmeFiles } from './cert-files.js';

/** One host's order history; absent once a certificate came. */
export interface HostOrderState {
  failures: number;
  /** No order before this time (ms since the epoch). */
  notBefore: number;
  /** The CA's reason for the last failure, or what was interrupted. */
  lastError: string;
  lastAttemptAt: number;
}

export type OrderState = Record<string, HostOrderState>;

/** The stored state; an unreadable file counts as empty (it only ever delays orders). */
export async function loadOrderState(certsDir: string): Promise<OrderState> {
  const text = await readFile(acmeFiles(certsDir).state, 'utf8').catch(() => '');
  try {
    const parsed = JSON.parse(text) as { hosts?: OrderState };
    return typeof parsed.hosts === 'object' && parsed.hosts !== null ? parsed.hosts : {};
  } catch {
    return {};
  }
}

/** Writes the state atomically, 0600 in the 0700 acme directory. */
export async function saveOrderState(certsDir: string, hosts: OrderState): Promise<void> {
  const files = acmeFiles(certsDir);
  await mkdir(files.dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(files.state, `${JSON.stringify({ version: 1, hosts }, null, 2)}\n`, {
    mode: 0o600,
  });
}
