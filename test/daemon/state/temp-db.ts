// Fixtures for the state tests: a migrated database in a temp dir, and real child node processes.
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type Database from 'better-sqlite3';
import { execa, type ResultPromise } from 'execa';
import { openDatabase } from '../../../src/daemon/state/open-database.js';

/** A fresh directory removed after the test. */
export async function tempDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-state-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A migrated database file in a fresh directory, closed after the test. */
export async function tempDb(t: TestContext): Promise<{ db: Database.Database; file: string }> {
  const file = join(await tempDir(t), 'mypaas.db');
  const db = openDatabase(file);
  t.after(() => db.close());
  return { db, file };
}

/** The file URL of a compiled state module, for child scripts to import. */
export function stateModule(name: string): string {
  return new URL(`../../../src/daemon/state/${name}.js`, import.meta.url).href;
}

/** Runs `source` as an ES module in a real child node process; killed after the test if still up. */
// Not async: returning the subprocess from an async function would await its exit.
export function spawnNode(
  t: TestContext,
  dir: string,
  source: string,
  args: readonly string[] = [],
): ResultPromise<{ stdin: 'pipe'; reject: false }> {
  const script = join(dir, `child-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(script, source);
  const child = execa(process.execPath, [script, ...args], { stdin: 'pipe', reject: false });
  t.after(async () => {
    child.kill();
    await child;
  });
  return child;
}

/** Resolves with the first stdout line of `child` that equals `want`; rejects if it exits first. */
export function waitForLine(child: ResultPromise, want: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      if (!buffered.split('\n').includes(want)) return;
      child.stdout?.off('data', onData);
      resolve();
    };
    child.stdout?.on('data', onData);
    void child.then((result) =>
      reject(new Error(`child exited before printing ${want}: ${String(result.stderr)}`)),
    );
  });
}
