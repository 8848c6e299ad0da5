// Whether the next frame of compressible data is worth deflating: it is while the link makes the
// sender wait longer per byte than deflating costs per byte (slow links), and not once the link
// keeps up with raw data (loopback, fast LANs), where deflating would only slow the push down.
// Until the link has made the sender wait once, it is unknown, and compressing is the safe guess;
// a link that has taken `probeBytes` without a single wait is taken to be fast.

/** Decides per frame, from what it is told about the frames before. */
export interface CompressionPolicy {
  compress(): boolean;
  /** A frame of `bytes` took `ms` to deflate in the thread pool. */
  deflated(bytes: number, ms: number): void;
  /** A frame of `bytes` (before any compression) went out as `wireBytes`; the link made us wait `ms`. */
  sent(bytes: number, wireBytes: number, ms: number): void;
}

/** What the policy weighs: the watch period (bytes on the wire), the smoothing, the deflates at once. */
export interface PolicyTuning {
  probeBytes: number;
  smoothing: number;
  parallel: number;
}

export const DEFAULT_TUNING: PolicyTuning = {
  // More than an SSH window and the socket buffers hold: until then nothing has to wait.
  probeBytes: 8 * 1024 * 1024,
  smoothing: 0.2,
  parallel: 2,
};

/** A fresh policy: it compresses until measurements say the link is faster than deflate. */
export function compressionPolicy(tuning: PolicyTuning = DEFAULT_TUNING): CompressionPolicy {
  let deflateCost: number | undefined; // ms per byte, shared out over the parallel deflates
  let waitCost: number | undefined; // ms per byte the link made the sender wait, from the first wait
  let wire = 0;
  const smooth = (old: number | undefined, sample: number) =>
    old === undefined ? sample : old + tuning.smoothing * (sample - old);
  return {
    compress: () => {
      if (deflateCost === undefined) return true;
      if (waitCost === undefined) return wire < tuning.probeBytes;
      return waitCost > deflateCost;
    },
    deflated: (bytes, ms) => {
      if (bytes > 0) deflateCost = smooth(deflateCost, ms / bytes / tuning.parallel);
    },
    sent: (bytes, wireBytes, ms) => {
      wire += wireBytes;
      if (bytes > 0 && (ms > 0 || waitCost !== undefined)) waitCost = smooth(waitCost, ms / bytes);
    },
  };
}
