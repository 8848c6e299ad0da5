// Runs one operation for one principal: the access check, the operation, and its audit entry,
// the same whichever way the request came in.
import { diskFull } from '../../core/disk-full.js';
import { isMypaasError } from '../../core/errors.js';
import type { Engine } from '../engine.js';
import { recordAudit } from '../state/audit-log.js';
import { targetText, type Operation, type OperationContext, type Target } from './operation.js';
import { assertAdmin, assertMayTouch } from './permissions.js';

/** What the caller provides; `setTarget` is perform's. */
export type PerformContext = Omit<OperationContext, 'setTarget'> & {
  /** A failure to write the audit log; the answer does not depend on it, but it is a bug. */
  logBug(err: unknown): void;
};

/** The operation's result, or its error after the refusal or failure was audited. */
export async function perform<Request, Result>(
  ctx: PerformContext,
  op: Operation<Request, Result>,
  request: Request,
): Promise<Result> {
  let target = op.target?.(request);
  const audit = (end: AuditEnd) => audited(ctx, op, target, end);
  try {
    if (op.adminOnly) assertAdmin(ctx.principal, op.name);
    if (target) assertMayTouch(ctx.principal, target.service);
    const done = await op.run({ ...ctx, setTarget: (t) => (target = t) }, request);
    audit({ detail: done.detail ?? null });
    return done.result;
  } catch (thrown) {
    // A write that found the disk full where no closer code said so: the database or work dir.
    const err = diskFull(thrown, ctx.engine.home);
    audit({ error: err });
    throw err;
  }
}

/** Audits a change refused before perform could run it (the daemon is stopping). */
export function auditRefusal<Request>(
  ctx: PerformContext,
  op: Operation<Request, unknown>,
  request: Request,
  err: unknown,
): void {
  audited(ctx, op, op.target?.(request), { error: err });
}

type AuditEnd = { detail: string | null } | { error: unknown };

function audited(
  ctx: PerformContext,
  op: Operation<never, unknown>,
  target: Target | undefined,
  end: AuditEnd,
): void {
  if (!op.changes) return;
  try {
    record(ctx, op.name, target ?? null, end);
  } catch (err) {
    ctx.logBug(err);
  }
}

// ok: done; denied: refused before anything was tried; failed: tried and failed.
function record(
  ctx: { engine: Engine; principal: OperationContext['principal'] },
  command: string,
  target: Target | null,
  end: AuditEnd,
): void {
  const error = 'error' in end ? end.error : undefined;
  const denied =
    isMypaasError(error, 'PERMISSION_DENIED') || isMypaasError(error, 'DAEMON_SHUTTING_DOWN');
  recordAudit(ctx.engine.db, {
    at: ctx.engine.now(),
    keyName: ctx.principal.name,
    fingerprint: ctx.principal.fingerprint,
    command,
    target: target ? targetText(target) : null,
    outcome: !('error' in end) ? 'ok' : denied ? 'denied' : 'failed',
    detail: 'error' in end ? describe(error) : end.detail,
  });
}

function describe(err: unknown): string {
  return isMypaasError(err) ? `${err.code}: ${err.message}` : `INTERNAL: ${String(err)}`;
}
