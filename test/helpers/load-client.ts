// A load generator that fails requests the way a browser would: a connection error or a 5xx.
// Like browsers (RFC 9110 §9.2.2), a GET that dies on a REUSED keep-alive connection before any
// response byte is retried once on a new connection; such retries are counted, not failed.
import { Agent, request } from 'node:http';

/** One finished request. */
export interface Sample {
  at: number;
  ms: number;
  status: number;
  body: string;
}

/** What a load run saw. */
export interface LoadReport {
  served: number;
  failed: number;
  retries: number;
  failures: string[];
  samples: Sample[];
}

/** Where to send load and how hard. */
export interface LoadOptions {
  url: string;
  host: string;
  connections: number;
  /** Upper bound of the run, so a test can never hang on it. */
  maxMs: number;
}

/** Starts `connections` keep-alive loops; `stop()` ends them and resolves with the report. */
export function startLoad(options: LoadOptions): { stop: () => Promise<LoadReport> } {
  const report: LoadReport = { served: 0, failed: 0, retries: 0, failures: [], samples: [] };
  let running = true;
  const deadline = Date.now() + options.maxMs;
  const loops = Array.from({ length: options.connections }, async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    while (running && Date.now() < deadline) {
      const started = Date.now();
      let outcome = await get(options, agent);
      if (outcome.kind === 'reused-died') {
        report.retries++;
        outcome = await get(options, new Agent({ keepAlive: false }));
      }
      if (outcome.kind === 'ok' && outcome.status < 500) {
        report.served++;
        report.samples.push({
          at: started,
          ms: Date.now() - started,
          status: outcome.status,
          body: outcome.body,
        });
      } else {
        report.failed++;
        report.failures.push(describe(outcome));
      }
    }
    agent.destroy();
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return report;
    },
  };
}

/** The p-th percentile (0–100) of latencies, in ms. */
export function percentile(samples: Sample[], p: number): number {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function describe(outcome: Outcome): string {
  if (outcome.kind === 'ok') return `HTTP ${outcome.status}`;
  return outcome.kind === 'error' ? outcome.error : 'connection died before any response, twice';
}

type Outcome =
  | { kind: 'ok'; status: number; body: string }
  | { kind: 'reused-died' }
  | { kind: 'error'; error: string };

function get(options: LoadOptions, agent: Agent): Promise<Outcome> {
  return new Promise((resolve) => {
    let gotResponse = false;
    const req = request(
      options.url,
      { agent, headers: { Host: options.host }, timeout: 10_000 },
      (res) => {
        gotResponse = true;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ kind: 'ok', status: res.statusCode ?? 0, body }));
        res.on('error', (err) => resolve({ kind: 'error', error: `response: ${err.message}` }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out after 10s')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!gotResponse && req.reusedSocket && ['ECONNRESET', 'EPIPE'].includes(err.code ?? '')) {
        resolve({ kind: 'reused-died' });
      } else resolve({ kind: 'error', error: `${err.code ?? ''} ${err.message}`.trim() });
    });
    req.end();
  });
}
