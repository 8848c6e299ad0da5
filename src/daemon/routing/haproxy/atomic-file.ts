// Writes a file so that readers (HAProxy's master re-exec, a restarted daemon) see the old or the
// new content, never half of it.
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';

/** Writes `text` to a sibling temp file, lets `check` inspect it, then renames it over `path`. */
export async function writeFileAtomic(
  path: string,
  text: string,
  check?: (tempPath: string) => Promise<void>,
): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode: 0o600 });
    if (check) await check(temp);
    await rename(temp, path);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}
