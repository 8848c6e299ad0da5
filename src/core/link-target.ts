// Whether a symlink stays inside the tree it belongs to, judged from its own path and target. The
// daemon refuses uploads whose links leave the work directory; the CLI says so before it sends one.
import { posix } from 'node:path';

/** True when a symlink at `path` (relative, `/`-separated) pointing to `target` leads out of the
 * tree, judged lexically: links followed through other links are the daemon's to resolve. */
export function linkLeavesTree(path: string, target: string): boolean {
  if (target === '' || target.includes('\0') || posix.isAbsolute(target)) return true;
  const normal = posix.normalize(posix.join(posix.dirname(path), target));
  return normal === '..' || normal.startsWith('../');
}
