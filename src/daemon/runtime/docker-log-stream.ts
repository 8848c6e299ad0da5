// A container's output as it happens, for `server logs -f`.
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import type Docker from 'dockerode';
import type { LogStreamOptions } from './container-runtime.js';
import { dockerFailure } from './docker-errors.js';
import { logsTail } from './docker-logs.js';

/** Calls `onLine` for each line; with `follow`, until the container stops or `signal` aborts. */
export async function streamLogs(
  docker: Docker,
  id: string,
  options: LogStreamOptions,
  onLine: (line: string) => void,
): Promise<void> {
  if (!options.follow) {
    (await logsTail(docker, id, options.tail ?? Number.MAX_SAFE_INTEGER)).forEach(onLine);
    return;
  }
  const raw = await docker
    .getContainer(id)
    .logs({
      stdout: true,
      stderr: true,
      follow: true,
      ...(options.tail === undefined ? {} : { tail: options.tail }),
    })
    .catch((err: unknown) => {
      throw dockerFailure(`cannot follow the logs of ${id.slice(0, 12)}`, err);
    });
  const lines = new PassThrough();
  docker.modem.demuxStream(raw, lines, lines);
  raw.on('end', () => lines.end());
  raw.on('error', () => lines.end());
  // Closing the HTTP response is what tells Docker to stop; a signal that fired while the request
  // was on its way must close it too, or the stream (and its socket) would stay open for good.
  const stop = () => {
    (raw as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    lines.end();
  };
  if (options.signal?.aborted) stop();
  else options.signal?.addEventListener('abort', stop, { once: true });
  try {
    for await (const line of createInterface({ input: lines })) onLine(line);
  } finally {
    options.signal?.removeEventListener('abort', stop);
    stop();
  }
}
