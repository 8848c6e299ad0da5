// audit: who changed what, newest first; admins only, as it names every key and service.
import type { AuditEntry } from '../../core/results.js';
import { listAudit } from '../state/audit-log.js';
import type { Operation } from './operation.js';

/** How many entries, newest first. */
export interface AuditRequest {
  limit: number;
}

/** The newest `limit` entries; reading the log is not itself audited. */
export const auditOperation: Operation<AuditRequest, AuditEntry[]> = {
  name: 'audit',
  adminOnly: true,
  changes: false,
  run: ({ engine }, { limit }) => Promise.resolve({ result: listAudit(engine.db, limit) }),
};
