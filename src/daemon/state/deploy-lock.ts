// The per-(service, env) deploy lock, held in SQLite; a lock whose holder died never blocks a deploy.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { MypaasError } from '../../core/errors.js';
import type { LockAttempt, LockHolder, LockOwner, ProcessIdentity } from './types.js';

export type { LockAttempt, LockHolder, LockOwner, ProcessIdentity } from './types.js';

/** How `waitForLock` polls and reports. */
export interface WaitForLockOptions {
  pollMs?: number;
  /** The clock acquired_at is read from at each try. */
  now?: () => number;
  /** Called once, with the current holder, when the lock is not free at the first try. */
  onWait?: (holder: LockOwner) => void;
  signal?: AbortSignal;
}

/** This (or another) process's pid and start time: a pid alone is reused after the process exits. */
export function processIdentity(pid: number = process.pid): ProcessIdentity {
  const start = readStartTime(pid);
  if (start === null) {
    throw new MypaasError('STATE_FAILED', `process ${pid} does not exist (no /proc/${pid}/stat)`, {
      hint: 'mypaas runs on Linux, where /proc tells which process holds a deploy lock',
    });
  }
  return { pid, start };
}

/** Whether the process that took a lock still runs: same pid AND same start time, not a zombie. */
export function isHolderAlive(pid: number, start: string): boolean {
  return readStartTime(pid) === start;
}

/**
 * One try at the lock; a row left by a dead holder is replaced, a live holder is named. A deployment
 * also waits its turn: while an older one of the same (service, env) is still queued by a live
 * process, that one goes first, so the deploy asked for last is the one left live. Commands that
 * are no deployment (stop, start, rm) only wait for the holder.
 */
export function tryAcquireLock(
  db: Database.Database,
  service: string,
  env: string,
  holder: LockHolder,
  now: number = Date.now(),
): LockAttempt {
  // IMMEDIATE: the check and the write happen under one write lock, so two takers cannot both win.
  return db
    .transaction((): LockAttempt => {
      const row = db
        .prepare('SELECT * FROM deploy_locks WHERE service = ? AND env = ?')
        .get(service, env) as Row | undefined;
      if (row && isHolderAlive(row.pid, row.pid_start)) {
        const owner = {
          pid: row.pid,
          deploymentId: row.deployment_id,
          acquiredAt: row.acquired_at,
        };
        return { acquired: false, holder: owner };
      }
      const ahead = holder.deploymentId === null ? null : queuedAhead(db, service, env, holder);
      if (ahead) return { acquired: false, holder: ahead };
      db.prepare(
        `INSERT OR REPLACE INTO deploy_locks (service, env, deployment_id, pid, pid_start, acquired_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(service, env, holder.deploymentId, holder.pid, holder.start, now);
      return { acquired: true };
    })
    .immediate();
}

/** Gives the lock back; only a row held by `pid` is removed. Returns whether one was. */
export function releaseLock(
  db: Database.Database,
  service: string,
  env: string,
  pid: number,
): boolean {
  const { changes } = db
    .prepare('DELETE FROM deploy_locks WHERE service = ? AND env = ? AND pid = ?')
    .run(service, env, pid);
  return changes > 0;
}

/** Resolves once the lock is ours, polling while another deploy holds it; rejects when aborted. */
export async function waitForLock(
  db: Database.Database,
  service: string,
  env: string,
  holder: LockHolder,
  options: WaitForLockOptions = {},
): Promise<void> {
  const { pollMs = 250, now = Date.now, onWait, signal } = options;
  let waited = false;
  for (;;) {
    signal?.throwIfAborted();
    const attempt = tryAcquireLock(db, service, env, holder, now());
    if (attempt.acquired) return;
    if (!waited) onWait?.(attempt.holder);
    waited = true;
    try {
      await sleep(pollMs, undefined, { signal });
    } catch (err) {
      signal?.throwIfAborted();
      throw err;
    }
  }
}

// The oldest deployment queued before `holder`'s whose process still runs, as a lock owner.
function queuedAhead(
  db: Database.Database,
  service: string,
  env: string,
  holder: LockHolder,
): LockOwner | null {
  const rows = db
    .prepare(
      `SELECT id, pid, pid_start, started_at FROM deployments
       WHERE service = ? AND env = ? AND status = 'queued' AND id < ? ORDER BY id`,
    )
    .all(service, env, holder.deploymentId) as QueuedRow[];
  const live = rows.find((row) => row.pid !== null && isHolderAlive(row.pid, row.pid_start ?? ''));
  return live
    ? { pid: live.pid as number, deploymentId: live.id, acquiredAt: live.started_at }
    : null;
}

interface QueuedRow {
  id: number;
  pid: number | null;
  pid_start: string | null;
  started_at: number;
}

interface Row {
  pid: number;
  pid_start: string;
  deployment_id: number | null;
  acquired_at: number;
}

// Field 22 of /proc/<pid>/stat, or null when there is no such process or it is a zombie.
// The comm field (2) is in parentheses and may itself hold spaces and ')', so split after the last.
function readStartTime(pid: number): string | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = stat
    .slice(stat.lastIndexOf(')') + 1)
    .trim()
    .split(/\s+/);
  const state = fields[0];
  if (state === 'Z' || state === 'X') return null;
  return fields[19] ?? null; // fields[0] is field 3 (state), so field 22 is fields[19]
}
