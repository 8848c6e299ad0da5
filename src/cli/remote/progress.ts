// The upload's progress line on a terminal: a bar when the total is known, bytes and rate; silent in pipes.
/** What the line shows, read each time it is drawn. */
export interface ProgressCounts {
  /** File bytes read so far (uncompressed). */
  bytes: number;
  /** Bytes handed to the connection: framed, some of them deflated. */
  sent: number;
  files: number;
}

/** Draws while an upload runs; every method is a no-op when the stream is not a terminal. */
export interface Progress {
  /** The uncompressed size of everything to send, once known; until then there is no bar. */
  setTotal(bytes: number): void;
  /** Erases the line so other output starts clean; the next tick draws it again. */
  clear(): void;
  /** Stops drawing and leaves one summary line. */
  finish(): void;
  /** Stops drawing and erases the line, e.g. when the upload failed; harmless after `finish`. */
  stop(): void;
}

/** Starts a progress line on `stream` (stderr) if it is a TTY, redrawn every `intervalMs`. */
export function uploadProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  read: () => ProgressCounts,
  options: { now?: () => number; intervalMs?: number } = {},
): Progress {
  if (!stream.isTTY)
    return { setTotal: () => {}, clear: () => {}, finish: () => {}, stop: () => {} };
  const now = options.now ?? Date.now;
  const started = now();
  let total: number | undefined;
  let shown = false;
  let running = true;
  const draw = () => {
    const line = progressLine(read(), total, now() - started);
    stream.write(`\r\x1b[K${line.slice(0, Math.max(20, (stream.columns || 80) - 1))}`);
    shown = true;
  };
  const timer = setInterval(draw, options.intervalMs ?? 100);
  timer.unref();
  const stop = () => {
    running = false;
    clearInterval(timer);
    clear();
  };
  const clear = () => {
    if (shown) stream.write('\r\x1b[K');
    shown = false;
  };
  return {
    setTotal: (bytes) => {
      total = bytes;
    },
    clear,
    stop,
    finish: () => {
      if (!running) return;
      stop();
      const counts = read();
      const seconds = ((now() - started) / 1000).toFixed(1);
      stream.write(
        `uploaded ${formatBytes(counts.bytes)} in ${counts.files} file${counts.files === 1 ? '' : 's'} ` +
          `(${formatBytes(counts.sent)} compressed) in ${seconds}s\n`,
      );
    },
  };
}

/** One line: `uploading [#####-----]  48%  12.3 MB / 25.6 MB  4.1 MB/s  sent 3.0 MB`. */
export function progressLine(
  counts: ProgressCounts,
  total: number | undefined,
  elapsedMs: number,
): string {
  const rate = elapsedMs > 0 ? (counts.bytes * 1000) / elapsedMs : 0;
  const tail = `${formatBytes(rate)}/s  sent ${formatBytes(counts.sent)}`;
  if (total === undefined || total === 0) return `uploading  ${formatBytes(counts.bytes)}  ${tail}`;
  const fraction = Math.min(1, counts.bytes / total);
  const width = 24;
  const filled = Math.round(fraction * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `uploading ${bar} ${percent}  ${formatBytes(counts.bytes)} / ${formatBytes(total)}  ${tail}`;
}

/** Bytes in decimal units as `docker build` prints them: `512 B`, `12.3 MB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}
