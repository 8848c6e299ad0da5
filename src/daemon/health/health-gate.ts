// Step 4 of the swap: a new container must answer HTTP below 500 before any traffic goes to it.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { MypaasError } from '../../core/errors.js';

/** Whether the container under test can still pass; one that cannot (it exited, or listens where no
 * probe reaches it) fails the gate at once. */
export type Liveness = { alive: true } | { alive: false; reason: string };

/** How to probe one container, straight at its address (not through the proxy). */
export interface HealthGateOptions {
  /** `http://IP:PORT/path` of the container. */
  url: string;
  /** The service's first URL host, for apps that route by name. */
  hostHeader?: string;
  /** Time from the start of one probe to the start of the next. */
  intervalMs: number;
  timeoutMs: number;
  /** Bound on one probe (default 2000 ms), never past the deadline. */
  requestTimeoutMs?: number;
  checkAlive: () => Promise<Liveness>;
  signal?: AbortSignal;
  now?: () => number;
}

/** How the gate was passed. */
export interface HealthGateResult {
  attempts: number;
  elapsedMs: number;
  status: number;
}

type Outcome = { status: number } | { failure: string; timedOut?: true };

const DEFAULT_REQUEST_TIMEOUT_MS = 2_000;

/** Probes until `url` answers below 500; throws HEALTHCHECK_FAILED on death, deadline or abort. */
export async function waitUntilHealthy(options: HealthGateOptions): Promise<HealthGateResult> {
  const { url, signal } = options;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const deadline = started + options.timeoutMs;
  const elapsed = (): number => Math.round(now() - started);
  let attempts = 0;
  let last = 'no probe was made';
  for (;;) {
    if (signal?.aborted) {
      throw new MypaasError('HEALTHCHECK_FAILED', `health check of ${url} aborted`, {
        details: [`${attempts} probes in ${elapsed()} ms, last: ${last}`],
      });
    }
    const liveness = await options.checkAlive();
    if (!liveness.alive) {
      throw new MypaasError(
        'HEALTHCHECK_FAILED',
        `${liveness.reason} (GET ${url} had not answered below 500)`,
        { details: [`${attempts} probes in ${elapsed()} ms, last: ${last}`] },
      );
    }
    const probeStart = now();
    const left = deadline - probeStart;
    if (left <= 0) {
      throw new MypaasError(
        'HEALTHCHECK_FAILED',
        `waited ${elapsed()} ms for GET ${url} to answer below 500: ${attempts} probes, last: ${last}`,
        {
          hint:
            `The app must answer GET ${new URL(url).pathname} with a status below 500 within ` +
            `${options.timeoutMs} ms of starting, listening on 0.0.0.0 at the port in $PORT.`,
        },
      );
    }
    attempts += 1;
    const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const timeout = Math.ceil(Math.min(requestTimeout, left));
    const outcome = await probe(url, options.hostHeader, timeout, signal);
    if ('status' in outcome && outcome.status < 500) {
      return { attempts, elapsedMs: elapsed(), status: outcome.status };
    }
    // A probe the deadline cut short says little; the outcome before it says why the gate failed.
    const cutShort = 'timedOut' in outcome && timeout < requestTimeout && attempts > 1;
    if (!cutShort) last = 'status' in outcome ? `HTTP ${outcome.status}` : outcome.failure;
    const pause = Math.min(probeStart + options.intervalMs, deadline) - now();
    // An abort ends the pause early; the top of the loop then reports it.
    if (pause > 0) await sleep(pause, undefined, { signal }).catch(() => undefined);
  }
}

/** One GET on a fresh connection; resolves with the status or why there was none, never rejects. */
function probe(
  url: string,
  hostHeader: string | undefined,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Outcome): void => {
      if (!settled) resolve(outcome);
      settled = true;
    };
    const headers = hostHeader === undefined ? {} : { host: hostHeader };
    const req = http.get(url, { agent: false, headers, signal });
    // Bounds the whole exchange, body included, so a streaming answer cannot hold the socket.
    const timer = setTimeout(() => {
      finish({ failure: `no answer within ${timeoutMs} ms`, timedOut: true });
      req.destroy();
    }, timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err) => finish({ failure: describe(err) }));
    req.on('response', (res) => {
      finish({ status: res.statusCode ?? 0 });
      res.on('error', () => undefined);
      res.resume();
    });
  });
}

function describe(err: Error): string {
  const code = (err as { code?: unknown }).code;
  if (err.name === 'AbortError') return 'aborted';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset before an answer';
  if (code === 'EHOSTUNREACH') return 'host unreachable';
  return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
}
