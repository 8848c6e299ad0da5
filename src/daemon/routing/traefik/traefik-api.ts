// Reading Traefik's API for one service, and waiting until what it shows is what the driver wrote.
import { setTimeout as sleep } from 'node:timers/promises';

/** One file-provider service as Traefik's API shows it: absent, present with its servers, or no answer. */
export type ServiceView =
  | { found: false }
  | { found: true; status: string; servers: string[] }
  | { found: 'unknown'; error: string };

/** How long to keep asking and how often. */
export interface PollOptions {
  timeoutMs: number;
  pollMs: number;
}

// One slow answer must not eat the whole confirmation budget.
const REQUEST_TIMEOUT_MS = 2_000;
const MIN_REQUEST_MS = 250;

/** `GET /api/http/services/<name>@file`; a 404 means Traefik has no such service (any more). */
export async function getTraefikService(
  apiUrl: string,
  name: string,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<ServiceView> {
  // Service names hold only [a-z0-9_.-] and `@`, all safe in a path, so nothing is escaped.
  const url = `${apiUrl.replace(/\/+$/, '')}/api/http/services/${name}@file`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 404) return { found: false };
    if (!res.ok) return { found: 'unknown', error: `${url} answered HTTP ${res.status}` };
    const body = (await res.json()) as {
      status?: string;
      loadBalancer?: { servers?: { url?: string }[] };
    };
    const servers = (body.loadBalancer?.servers ?? []).map((s) => s.url ?? '');
    return { found: true, status: body.status ?? 'enabled', servers };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    const reason = cause ?? (err instanceof Error ? err.message : String(err));
    return { found: 'unknown', error: `${url} did not answer (${reason})` };
  }
}

/** Asks until `done` holds; returns the last answer either way, so a failure can say what it saw. */
export async function waitForService(
  apiUrl: string,
  name: string,
  done: (view: ServiceView) => boolean,
  options: PollOptions,
): Promise<{ ok: boolean; last: ServiceView }> {
  const giveUpAt = Date.now() + options.timeoutMs;
  let answered: ServiceView | undefined;
  for (;;) {
    // The last request still gets a fair chance to answer, even if that overruns a little.
    const budget = Math.min(REQUEST_TIMEOUT_MS, Math.max(giveUpAt - Date.now(), MIN_REQUEST_MS));
    const view = await getTraefikService(apiUrl, name, budget);
    if (done(view)) return { ok: true, last: view };
    if (view.found !== 'unknown') answered = view;
    const pause = Math.min(options.pollMs, giveUpAt - Date.now());
    // A real answer says more than a late timeout, so that is what a failure reports.
    if (pause <= 0) return { ok: false, last: answered ?? view };
    await sleep(pause);
  }
}

/** `GET /ping`: true once Traefik's entrypoints listen. */
export async function pingTraefik(apiUrl: string): Promise<boolean> {
  const url = `${apiUrl.replace(/\/+$/, '')}/ping`;
  return fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).then(
    (res) => res.ok,
    () => false,
  );
}

/** A view in words, for error messages. */
export function describeView(view: ServiceView): string {
  if (view.found === 'unknown') return `no answer: ${view.error}`;
  if (!view.found) return 'no such service';
  const servers = view.servers.length === 0 ? 'no servers' : view.servers.join(', ');
  return view.status === 'enabled' ? servers : `${servers} (status ${view.status})`;
}
