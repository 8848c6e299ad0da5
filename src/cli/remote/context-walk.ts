// Walks an app directory the way `docker build` walks its context, yielding what to send, in order.
import type { Stats } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContextRules } from './context-rules.js';

/** One path to send; symlinks carry their target and are never followed. */
export interface ContextEntry {
  /** Relative, `/`-separated. */
  path: string;
  /** Absolute, to read a file's content. */
  abs: string;
  kind: 'file' | 'directory' | 'symlink';
  stats: Stats;
  linkname?: string;
}

/** Yields every entry of `root` the rules keep, parents before children; others go to `onSkip`. */
export async function* walkContext(
  root: string,
  rules: ContextRules,
  onSkip: (path: string, why: string) => void = () => {},
): AsyncGenerator<ContextEntry> {
  yield* walk(root, '', rules, onSkip, []);
}

// An excluded directory with exceptions below it is entered without being sent; it is sent only
// once something inside it is, so the upload never holds a file whose parent is missing.
interface Ancestor {
  entry: ContextEntry;
  sent: boolean;
}

async function* walk(
  root: string,
  dir: string,
  rules: ContextRules,
  onSkip: (path: string, why: string) => void,
  ancestors: Ancestor[],
): AsyncGenerator<ContextEntry> {
  const names = (await readdir(join(root, dir))).sort();
  for (const name of names) {
    const path = dir === '' ? name : `${dir}/${name}`;
    if (path === '.git' && !rules.sendGit) continue;
    const abs = join(root, path);
    const stats = await lstat(abs);
    const excluded = rules.ignores(path);
    if (stats.isDirectory()) {
      if (excluded && !rules.mayIncludeUnder(path)) continue;
      const entry: ContextEntry = { path, abs, kind: 'directory', stats };
      const self = { entry, sent: false };
      if (!excluded) {
        yield* unsent(ancestors);
        yield entry;
        self.sent = true;
      }
      yield* walk(root, path, rules, onSkip, [...ancestors, self]);
      continue;
    }
    if (excluded) continue;
    const kind = stats.isFile() ? 'file' : stats.isSymbolicLink() ? 'symlink' : undefined;
    if (kind === undefined) {
      onSkip(path, 'not a file, directory or symlink');
      continue;
    }
    yield* unsent(ancestors);
    yield kind === 'symlink'
      ? { path, abs, kind, stats, linkname: await readlink(abs) }
      : { path, abs, kind, stats };
  }
}

function* unsent(ancestors: Ancestor[]): Generator<ContextEntry> {
  for (const ancestor of ancestors) {
    if (ancestor.sent) continue;
    ancestor.sent = true;
    yield ancestor.entry;
  }
}

/** Counts the files and bytes `walkContext` yields, for the progress bar's total. */
export async function measureContext(
  root: string,
  rules: ContextRules,
): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for await (const entry of walkContext(root, rules)) {
    if (entry.kind !== 'file') continue;
    files += 1;
    bytes += entry.stats.size;
  }
  return { files, bytes };
}
