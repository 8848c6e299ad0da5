// Polling HTTP GET for tests that wait on a server starting somewhere else (a container, a proxy).
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { MypaasError } from '../../src/core/errors.js';

export interface PollOptions {
  /** How long to keep trying, in milliseconds from the call. */
  deadlineMs: number;
  /** The pause between a failed attempt and the next one. */
  intervalMs: number;
  /** A Host header to send, for routing by name through a proxy. */
  hostHeader?: string;
}

export interface HttpResult {
  status: number;
  body: string;
}

/** Waits until something answers at `url`, with any status; a server that never answers throws. */
export async function httpGetUntil(url: string, options: PollOptions): Promise<HttpResult> {
  const giveUpAt = Date.now() + options.deadlineMs;
  let attempts = 0;
  let lastError: unknown;
  for (;;) {
    const remaining = giveUpAt - Date.now();
    if (remaining <= 0) break;
    attempts += 1;
    try {
      return await getOnce(url, options.hostHeader, remaining);
    } catch (err) {
      lastError = err;
    }
    const pause = Math.min(options.intervalMs, giveUpAt - Date.now());
    if (pause > 0) await sleep(pause);
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new MypaasError(
    'INTERNAL',
    `GET ${url} got no response within ${options.deadlineMs} ms (${attempts} attempts): ${reason}`,
    { cause: lastError },
  );
}

function getOnce(
  url: string,
  hostHeader: string | undefined,
  timeoutMs: number,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const headers = hostHeader === undefined ? {} : { host: hostHeader };
    const req = http.get(url, { agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no response after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}
