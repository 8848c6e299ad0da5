// Whether the next frame of compressible data is worth deflating: it is when deflate takes in data
// faster than the link carries it (slow links: the link then carries less), and not when the link
// is faster than deflate (loopback, fast LANs), where deflating would only slow the push down.
// The link's rate is measured from its first wait on: before that, buffers take whatever is sent.
// Until then compressing is the safe guess; a link that takes `probeBytes` without a single wait
// is taken to be fast.

/** Decides per frame, from what it is told about the frames before. Pure: the caller keeps time. */
export interface CompressionPolicy {
  compress(): boolean;
  /** A frame of `bytes` took `ms` to deflate in the thread pool. */
  deflated(bytes: number, ms: number): void;
  /** `wireBytes` went out, at `nowMs`; the link made the sender wait `waitedMs` for them. */
  sent(wireBytes: number, waitedMs: number, nowMs: number): void;
}

/** The watch period (bytes on the wire) and how many deflates run at once. */
export interface PolicyTuning {
  probeBytes: number;
  parallel: number;
}

export const DEFAULT_TUNING: PolicyTuning = {
  // More than the stream, the SSH window and a long link's socket buffers hold: until those are
  // full, nothing has to wait.
  probeBytes: 16 * 1024 * 1024,
  parallel: 2,
};

/** A fresh policy: it compresses until measurements say the link is faster than deflate. */
export function compressionPolicy(tuning: PolicyTuning = DEFAULT_TUNING): CompressionPolicy {
  let deflatedBytes = 0;
  let deflateMs = 0;
  let wire = 0;
  // From the first wait on: when it was, and what went out since.
  let firstWaitMs: number | undefined;
  let wireSinceWait = 0;
  let linkRate = 0; // bytes per ms
  return {
    compress: () => {
      if (deflateMs === 0) return true;
      if (firstWaitMs === undefined) return wire < tuning.probeBytes;
      return (deflatedBytes / deflateMs) * tuning.parallel > linkRate;
    },
    deflated: (bytes, ms) => {
      deflatedBytes += bytes;
      deflateMs += ms;
    },
    sent: (wireBytes, waitedMs, nowMs) => {
      wire += wireBytes;
      if (firstWaitMs === undefined && waitedMs > 0) firstWaitMs = nowMs - waitedMs;
      if (firstWaitMs === undefined) return;
      wireSinceWait += wireBytes;
      linkRate = wireSinceWait / Math.max(1, nowMs - firstWaitMs);
    },
  };
}
