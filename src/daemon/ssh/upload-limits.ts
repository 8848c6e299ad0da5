// Every bound an upload is held to, in one place: those config.toml sets ([daemon]) and those
// fixed here. Each is checked before the work it bounds, so every later check stays linear.
import type { Config } from '../../config/schema.js';

/** What one upload may be and how long it may take. */
export interface UploadLimits {
  /** Most bytes of tar data after decompression (max_upload_bytes). */
  maxBytes: number;
  /** Most entries, directories made for them included (max_upload_files). */
  maxFiles: number;
  /** Most uncompressed bytes per compressed byte, checked once `ratioAfterBytes` came out. */
  maxRatio: number;
  ratioAfterBytes: number;
  /** How long an upload may go without a byte (upload_idle_timeout). */
  idleMs: number;
  /** How long a whole upload may take, however steadily it trickles (upload_timeout). */
  deadlineMs: number;
}

/** The checks the issue asks for: >200:1 after the first MiB is a bomb, not an app. */
export const RATIO_LIMITS = { maxRatio: 200, ratioAfterBytes: 1024 * 1024 } as const;

/** The limits of the next upload: config.toml's [daemon] as it is now, plus the fixed ratio. */
export function uploadLimits(daemon: Config['daemon']): UploadLimits {
  return {
    maxBytes: daemon.maxUploadBytes,
    maxFiles: daemon.maxUploadFiles,
    ...RATIO_LIMITS,
    idleMs: daemon.uploadIdleTimeoutMs,
    deadlineMs: daemon.uploadTimeoutMs,
  };
}

/** Bounds on every path in an upload: entry names, symlink and hard link targets. The kernel's
 * PATH_MAX (4096) counts the work directory too, so an entry gets 3 KiB of it. */
export const PATH_LIMITS = {
  /** Bytes (UTF-8) of one path, checked before it is split. */
  maxPathBytes: 3072,
  /** Components of one path. */
  maxDepth: 256,
  /** Bytes of one component: the kernel's NAME_MAX. */
  maxNameBytes: 255,
  /** Symlinks followed through one another while a link is resolved: the kernel's own limit. */
  maxHops: 40,
} as const;

/** Entries (or links) worked through before the event loop gets a turn, so other clients are
 * served while a big upload is extracted and checked. */
export const YIELD_EVERY = 256;
