// The audit_log table: who changed what through the daemon (or the keys command), and how it ended.
import type Database from 'better-sqlite3';

import type { AuditEntry, AuditOutcome } from '../../core/results.js';

export type { AuditEntry, AuditOutcome } from '../../core/results.js';

/** Appends one entry; returns its id. */
export function recordAudit(
  db: Database.Database,
  entry: Omit<AuditEntry, 'id' | 'at'> & { at?: number },
): number {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO audit_log (at, key_name, fingerprint, command, target, outcome, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      entry.at ?? Date.now(),
      entry.keyName,
      entry.fingerprint,
      entry.command,
      entry.target,
      entry.outcome,
      entry.detail,
    );
  return Number(lastInsertRowid);
}

/** The newest entries first. */
export function listAudit(db: Database.Database, limit = 100): AuditEntry[] {
  const rows = db
    .prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?')
    .all(Math.max(0, limit)) as Row[];
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    keyName: row.key_name,
    fingerprint: row.fingerprint,
    command: row.command,
    target: row.target,
    outcome: row.outcome,
    detail: row.detail,
  }));
}

interface Row {
  id: number;
  at: number;
  key_name: string;
  fingerprint: string | null;
  command: string;
  target: string | null;
  outcome: AuditOutcome;
  detail: string | null;
}
