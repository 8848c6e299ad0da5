// Opens $MYPAAS_HOME/mypaas.db the one way every process (CLI and daemon) must: WAL, then migrate.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MypaasError, isMypaasError } from '../../core/errors.js';
import { loadMigrations, migrate } from './migrate.js';

/** How long a process waits for another's write lock before SQLite reports the file busy. */
export const BUSY_TIMEOUT_MS = 5000;

/** The migrated database at `file`; several processes may open the same file at once. */
export function openDatabase(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new Database(file);
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    enableWal(db);
    db.pragma('foreign_keys = ON');
    // Safe in WAL mode: a power cut may lose the last commits, never corrupt the file.
    db.pragma('synchronous = NORMAL');
    migrate(db, loadMigrations());
    return db;
  } catch (err) {
    db?.close();
    if (isMypaasError(err)) throw err;
    throw new MypaasError(
      'STATE_FAILED',
      `cannot open the state database ${file}: ${String(err)}`,
      {
        hint: 'the file must be a mypaas SQLite database in a writable directory',
        cause: err,
      },
    );
  }
}

// Switching a new file to WAL needs an exclusive lock and SQLite does not always wait for it
// (two processes creating the file at once), so retry SQLITE_BUSY until the busy timeout.
function enableWal(db: Database.Database): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode === 'wal' || db.memory) return;
      throw new Error(`journal_mode stayed ${String(mode)}`);
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw err;
    }
    sleepSync(10);
  }
}

// Blocks this thread briefly; opening is synchronous like the rest of better-sqlite3.
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
