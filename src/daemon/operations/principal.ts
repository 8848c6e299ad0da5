// Who asks for an operation: a key over SSH (later an API token), or a person on the host itself.
import { userInfo } from 'node:os';
import type { KeyRole } from '../state/keys.js';

/** What every check and audit entry needs to know about the one asking. A KeyRecord is one. */
export interface Principal {
  /** The key's name, or `local:USER` on the host. */
  name: string;
  role: KeyRole;
  /** The services a deployer may act on; empty for admins. */
  services: string[];
  /** The key's `SHA256:` fingerprint; null on the host. */
  fingerprint: string | null;
}

/** The host's own user: whoever may open $MYPAAS_HOME may do everything, and is audited. */
export function hostPrincipal(user: string = userInfo().username): Principal {
  return { name: `local:${user}`, role: 'admin', services: [], fingerprint: null };
}
