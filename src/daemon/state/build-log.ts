// The build_log_lines table: a deployment's output, kept for `logs` and followed while it runs.
import type Database from 'better-sqlite3';
import type { LogLine, LogStream } from './types.js';

export type { LogLine, LogStream } from './types.js';

/** What part of a log `readLog` returns. */
export interface ReadLogOptions {
  /** Only the last `tail` lines (still oldest first). */
  tail?: number;
}

/** Stores one output line with the next seq of its deployment; returns that seq. */
export function appendLogLine(
  db: Database.Database,
  deploymentId: number,
  stream: LogStream,
  line: string,
  now: number = Date.now(),
): number {
  // One statement: the next seq is computed under the same write lock that inserts the row.
  const row = statements(db).append.get(deploymentId, stream, now, line, deploymentId) as {
    seq: number;
  };
  return row.seq;
}

/** A deployment's log, oldest first; `tail` keeps only the last lines. */
export function readLog(
  db: Database.Database,
  deploymentId: number,
  options: ReadLogOptions = {},
): LogLine[] {
  const { tail } = options;
  if (tail === undefined) return statements(db).all.all(deploymentId) as LogLine[];
  const newestFirst = statements(db).tail.all(deploymentId, Math.max(0, tail)) as LogLine[];
  return newestFirst.reverse();
}

/** The lines stored after `seq`, oldest first: what a follower polls for. */
export function logLinesAfter(db: Database.Database, deploymentId: number, seq: number): LogLine[] {
  return statements(db).after.all(deploymentId, seq) as LogLine[];
}

interface LogStatements {
  append: Database.Statement;
  all: Database.Statement;
  tail: Database.Statement;
  after: Database.Statement;
}

// A build writes thousands of lines: prepare once per connection, forget with the connection.
const cache = new WeakMap<Database.Database, LogStatements>();

function statements(db: Database.Database): LogStatements {
  let cached = cache.get(db);
  if (!cached) {
    const columns = 'seq, stream, at, line';
    cached = {
      append: db.prepare(
        `INSERT INTO build_log_lines (deployment_id, seq, stream, at, line)
         SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM build_log_lines WHERE deployment_id = ?
         RETURNING seq`,
      ),
      all: db.prepare(
        `SELECT ${columns} FROM build_log_lines WHERE deployment_id = ? ORDER BY seq`,
      ),
      tail: db.prepare(
        `SELECT ${columns} FROM build_log_lines WHERE deployment_id = ? ORDER BY seq DESC LIMIT ?`,
      ),
      after: db.prepare(
        `SELECT ${columns} FROM build_log_lines WHERE deployment_id = ? AND seq > ? ORDER BY seq`,
      ),
    };
    cache.set(db, cached);
  }
  return cached;
}
