// Retires servers without cutting a request: drain (no new requests), wait until every worker,
// old ones still finishing from before a reload included, has no session on them, then delete.
import { MypaasError } from '../../../core/errors.js';
import { showProc, workerApi } from './master-cli.js';
import type { RuntimeApi } from './runtime-api.js';

/** Sets each server to drain where it is still ready; servers already gone are skipped. */
export async function startDrain(
  api: RuntimeApi,
  backend: string,
  names: readonly string[],
): Promise<void> {
  const servers = (await api.listServers(backend)) ?? [];
  for (const server of servers) {
    if (names.includes(server.name) && server.mode === 'ready') {
      await api.setServerState(backend, server.name, 'drain');
    }
  }
}

/** Polls sessions on every worker until none remain or `timeoutMs` passes; returns servers still busy. */
export async function waitUntilIdle(
  masterSocket: string,
  backend: string,
  names: readonly string[],
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let busy = [...names];
  while (busy.length > 0) {
    // While the master re-executes for a reload it may not answer: count everything busy then.
    const table = await showProc(masterSocket).catch(() => null);
    const pids = table ? [...table.workers, ...table.oldWorkers] : [];
    const apis = pids.map((pid) => workerApi(masterSocket, pid));
    const loads = await Promise.all(
      busy.map(async (name) => {
        // A worker that exited in the meantime holds no session.
        const counts = await Promise.all(
          apis.map((a) => a.serverSessions(backend, name).catch(() => 0)),
        );
        return counts.reduce((sum, n) => sum + n, 0);
      }),
    );
    busy = table ? busy.filter((_, i) => (loads[i] ?? 0) > 0) : busy;
    if (busy.length === 0 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return busy;
}

/** Puts the servers in maintenance and deletes them; sessions left after a timeout are cut. */
export async function retireServers(
  api: RuntimeApi,
  backend: string,
  names: readonly string[],
  busy: readonly string[],
): Promise<void> {
  const failed: string[] = [];
  for (const name of names) {
    const servers = (await api.listServers(backend)) ?? [];
    if (!servers.some((s) => s.name === name)) continue;
    await api.setServerState(backend, name, 'maint');
    if (busy.includes(name)) await api.shutdownSessions(backend, name);
    if (!(await deleteWithRetry(api, backend, name))) failed.push(name);
  }
  if (failed.length > 0) {
    throw new MypaasError(
      'ROUTE_FAILED',
      `HAProxy kept ${failed.join(', ')} (in maintenance, unused)`,
    );
  }
}

// Connections being torn down can hold a server for a moment after its last session ends.
async function deleteWithRetry(api: RuntimeApi, backend: string, name: string): Promise<boolean> {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      await api.deleteServer(backend, name);
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return false;
}
