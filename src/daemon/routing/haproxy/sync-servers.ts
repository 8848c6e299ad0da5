// Moves a backend to exactly the listed servers through the runtime API: new ones are added and
// enabled first, the unlisted ones set to drain (no new requests, in-flight ones finish).
import { MypaasError } from '../../../core/errors.js';
import type { ServerSpec } from './haproxy-names.js';
import type { RuntimeApi } from './runtime-api.js';
import type { ServerState } from './runtime-output.js';

/** One runtime API step. */
export type ServerChange =
  | { op: 'add'; server: ServerSpec }
  | { op: 'ready'; name: string }
  | { op: 'weight'; name: string; weight: number }
  | { op: 'drain'; name: string };

/** The steps from `current` to `desired`: every addition before any drain, so service never stops. */
export function planServerChanges(
  current: readonly ServerState[],
  desired: readonly ServerSpec[],
): ServerChange[] {
  const byName = new Map(current.map((s) => [s.name, s]));
  const wanted = new Set(desired.map((s) => s.name));
  const changes: ServerChange[] = [];
  for (const server of desired) {
    const now = byName.get(server.name);
    if (!now) changes.push({ op: 'add', server });
    else {
      if (now.weight !== server.weight)
        changes.push({ op: 'weight', name: server.name, weight: server.weight });
      if (now.mode !== 'ready') changes.push({ op: 'ready', name: server.name });
    }
  }
  for (const server of current) {
    if (!wanted.has(server.name) && server.mode === 'ready')
      changes.push({ op: 'drain', name: server.name });
  }
  return changes;
}

/** Performs the steps in order on one backend. */
export async function applyServerChanges(
  api: RuntimeApi,
  backend: string,
  changes: readonly ServerChange[],
): Promise<void> {
  for (const change of changes) {
    if (change.op === 'add') {
      const { name, host, port, weight } = change.server;
      await api.addServer(backend, name, host, port, weight);
    } else if (change.op === 'weight')
      await api.setServerWeight(backend, change.name, change.weight);
    else await api.setServerState(backend, change.name, change.op);
  }
}

/** Resolves once HAProxy reports exactly `desired` ready in `backend`; ROUTE_FAILED after the bound. */
export async function confirmServers(
  api: RuntimeApi,
  backend: string,
  desired: readonly ServerSpec[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const servers = await api.listServers(backend);
    const problems = servers ? mismatches(servers, desired) : [`backend ${backend} is missing`];
    if (problems.length === 0) return;
    if (Date.now() > deadline) {
      throw new MypaasError(
        'ROUTE_FAILED',
        `HAProxy does not serve the new servers of ${backend}`,
        {
          details: problems,
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function mismatches(servers: readonly ServerState[], desired: readonly ServerSpec[]): string[] {
  const problems: string[] = [];
  for (const want of desired) {
    const have = servers.find((s) => s.name === want.name);
    if (!have) problems.push(`${want.name} is missing`);
    else if (have.mode !== 'ready') problems.push(`${want.name} is ${have.mode}, not ready`);
    else if (have.port !== want.port || have.weight !== want.weight) {
      problems.push(`${want.name} has port ${have.port} weight ${have.weight}`);
    }
  }
  for (const have of servers) {
    if (have.mode === 'ready' && !desired.some((d) => d.name === have.name)) {
      problems.push(`${have.name} still takes new requests`);
    }
  }
  return problems;
}
