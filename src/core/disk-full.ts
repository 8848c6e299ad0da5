// The one rule for a full disk: a write that failed for want of space (ENOSPC, a quota's EDQUOT,
// SQLite's SQLITE_FULL) says so, where, how much it needed and how much is free; never "a bug" or
// "not a readable archive".
import { statfsSync } from 'node:fs';
import { MypaasError } from './errors.js';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);

/** True when `err` (or an error it wraps) is a write refused for want of space. */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (FULL.has(String((e as { code?: unknown }).code))) return true;
  }
  return false;
}

/** How much a failed write needed, when known; `atLeast` when more was still to come. */
export interface Needed {
  bytes: number;
  atLeast?: boolean;
}

/**
 * `err` as DISK_FULL when it is one (else `err` itself): a write of `needed` bytes under `path`
 * found no space. Meant for `catch (err) { throw diskFull(err, dir, needed) }`.
 */
export function diskFull(err: unknown, path: string, needed?: Needed): unknown {
  if (!isDiskFull(err) || err instanceof MypaasError) return err;
  const free = freeBytes(path);
  const asked =
    needed === undefined
      ? ''
      : `needed ${needed.atLeast ? 'more than' : 'about'} ${size(needed.bytes)}, `;
  const left = free === undefined ? 'free space unknown' : `${size(free)} free`;
  return new MypaasError('DISK_FULL', `no space left on ${path}: ${asked}${left}`, {
    cause: err,
    hint:
      `free space on the filesystem that holds ${path} (df -h ${path} shows it; docker system ` +
      'prune removes unused images and build cache), then try again',
  });
}

// What an unprivileged writer may still use, as df shows it; undefined when it cannot be read.
function freeBytes(path: string): number | undefined {
  try {
    const stats = statfsSync(path);
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

function size(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 10) return `${Math.round(mb)} MB`;
  if (mb >= 0.1) return `${mb.toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
