// The daemon's host key as users compare it: `SHA256:…`, as ssh-keygen -lf prints it.
import ssh2 from 'ssh2';
import { fingerprint } from '../../core/ssh-keys.js';
import { loadOrCreateHostKey } from '../ssh/host-key.js';

/** The host key's fingerprint, making the key on first use so it can be shown before the daemon starts. */
export async function hostKeySummary(home: string): Promise<string> {
  // loadOrCreateHostKey has checked that this parses as one private key.
  const parsed = ssh2.utils.parseKey(await loadOrCreateHostKey(home));
  if (parsed instanceof Error) return 'unreadable (see the daemon log)';
  return fingerprint(parsed.getPublicSSH());
}
