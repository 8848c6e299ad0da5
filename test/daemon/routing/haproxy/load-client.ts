// Keep-alive clients that count failures the way a browser sees them: a connection error or a 5xx,
// after the one retry on a new connection allowed when a reused connection dies before any byte.
import http from 'node:http';

/** What the clients saw. */
export interface LoadResult {
  ok: number;
  failed: number;
  /** Requests retried once on a new connection (RFC 9110 §9.2.2), then answered. */
  retried: number;
  bodies: Map<string, number>;
  errors: string[];
}

/** Runs `clients` keep-alive loops against (port, host) until `stop()` returns true. */
export async function hammer(options: {
  port: number;
  host: string;
  clients: number;
  stop: () => boolean;
  path?: string;
}): Promise<LoadResult> {
  const result: LoadResult = { ok: 0, failed: 0, retried: 0, bodies: new Map(), errors: [] };
  const loop = async (): Promise<void> => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      while (!options.stop()) {
        let outcome = await once(options, agent);
        if (outcome.kind === 'retryable') {
          result.retried += 1;
          outcome = await once(options, false);
        }
        if (outcome.kind === 'ok') {
          result.ok += 1;
          result.bodies.set(outcome.body, (result.bodies.get(outcome.body) ?? 0) + 1);
        } else {
          result.failed += 1;
          result.errors.push(outcome.error);
        }
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: options.clients }, loop));
  return result;
}

type Outcome =
  | { kind: 'ok'; body: string }
  | { kind: 'failed'; error: string }
  | { kind: 'retryable'; error: string };

function once(
  options: { port: number; host: string; path?: string },
  agent: http.Agent | false,
): Promise<Outcome> {
  return new Promise((resolve) => {
    let answered = false;
    const req = http.get(
      {
        host: '127.0.0.1',
        port: options.port,
        path: options.path ?? '/',
        agent,
        headers: { host: options.host },
      },
      (res) => {
        answered = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          resolve(
            status >= 500
              ? { kind: 'failed', error: `HTTP ${status}: ${body.slice(0, 80)}` }
              : { kind: 'ok', body },
          );
        });
        res.on('error', (err) =>
          resolve({ kind: 'failed', error: `mid-response: ${err.message}` }),
        );
      },
    );
    req.on('error', (err) => {
      const error = `${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`;
      resolve(
        req.reusedSocket && !answered ? { kind: 'retryable', error } : { kind: 'failed', error },
      );
    });
  });
}
