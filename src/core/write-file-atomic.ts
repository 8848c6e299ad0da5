// Replaces a file so that every reader (Traefik's file watcher, HAProxy's master re-exec, a
// restarted daemon) sees the old text or the new one, never half, even after a power loss.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** How the file is written: its mode, and a check run on the synced temp file before the rename. */
export interface AtomicWriteOptions {
  mode?: number;
  check?: (tempPath: string) => Promise<void>;
}

/** Writes `<path>.<random>.tmp` beside `path`, syncs it, checks it, renames it over `path`,
 * then syncs the directory so the rename itself survives a crash. */
export async function writeFileAtomic(
  path: string,
  text: string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  // Same directory, so the rename stays on one filesystem and is atomic; the `.tmp` extension is
  // one Traefik's file provider skips, and the random part keeps concurrent writers apart.
  const tmp = join(dirname(path), `${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'w', options.mode ?? 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.check) await options.check(tmp);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(dirname(path));
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
