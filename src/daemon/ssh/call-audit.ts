// The audit log side of one exec: what a change is recorded as, and how it ended.
import { isMypaasError } from '../../core/errors.js';
import type { Engine } from '../engine.js';
import { recordAudit } from '../state/audit-log.js';
import type { KeyRecord } from '../state/keys.js';
import { envOf, targetOf } from './command-args.js';
import type { CommandArgs, CommandSpec } from './command.js';

/** The command and target a change is recorded under; push fills the target in later. */
export interface AuditDraft {
  command: string;
  target: string | null;
}

/** The command's own audit description, or its name and `service (env)`. */
export function auditDraft(spec: CommandSpec, args: CommandArgs): AuditDraft {
  const own = spec.audit?.(args);
  if (own) return own;
  const service = spec.service?.(args);
  return {
    command: spec.name,
    target: service === undefined ? null : targetOf(service, safeEnv(args)),
  };
}

/** Records how a change ended: ok with a detail, or the error (refusals are `denied`). */
export function recordCall(
  engine: Engine,
  key: KeyRecord,
  draft: AuditDraft,
  end: { detail: string | null } | { error: unknown },
): void {
  const error = 'error' in end ? end.error : undefined;
  const denied =
    isMypaasError(error, 'PERMISSION_DENIED') || isMypaasError(error, 'DAEMON_SHUTTING_DOWN');
  recordAudit(engine.db, {
    at: engine.now(),
    keyName: key.name,
    fingerprint: key.fingerprint,
    command: draft.command,
    target: draft.target,
    outcome: !('error' in end) ? 'ok' : denied ? 'denied' : 'failed',
    detail: 'error' in end ? describe(error) : end.detail,
  });
}

function describe(err: unknown): string {
  return isMypaasError(err) ? `${err.code}: ${err.message}` : `INTERNAL: ${String(err)}`;
}

// An invalid --env fails the command with USAGE; the audit still says what was asked.
function safeEnv(args: CommandArgs): string {
  try {
    return envOf(args);
  } catch {
    return String(args.values.env);
  }
}
