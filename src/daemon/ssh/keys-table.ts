// How `keys list` reads, the same over SSH and on the host.
import type { KeyInfo } from '../state/keys.js';
import { textTable, timeText } from '../../core/tables.js';

/** The key listing as a plain table. */
export function keysTable(keys: KeyInfo[]): string {
  if (keys.length === 0) return 'no keys yet: add one with mypaas server keys add NAME FILE.pub\n';
  const rows = keys.map((k) => [
    k.name,
    k.type,
    String(k.bits),
    k.fingerprint,
    k.role,
    k.role === 'admin' ? '*' : k.services.join(','),
    timeText(k.createdAt),
    k.comment,
  ]);
  return textTable(
    ['NAME', 'TYPE', 'BITS', 'FINGERPRINT', 'ROLE', 'SERVICES', 'ADDED', 'COMMENT'],
    rows,
  );
}
