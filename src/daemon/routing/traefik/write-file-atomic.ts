// Replacing a file so that a reader (Traefik's file watcher) sees the old text or the new, never half.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Writes `<path>.<random>.tmp` in the same directory, syncs it, then renames it over `path`. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  // Same directory, so the rename stays on one filesystem and is atomic; the `.tmp` extension is
  // one Traefik's file provider skips, and the random part keeps concurrent writers apart.
  const tmp = join(dirname(path), `${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'w', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(dirname(path));
}

// Makes the rename itself durable, so a power loss cannot bring back the old file.
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
