// The health gate for one container: HTTP from the host to its address, failing fast if it exits.
import { MypaasError, isMypaasError } from '../../core/errors.js';
import type { ServiceSpec } from '../../parse/spec.js';
import { DEFAULT_HEALTHCHECK } from '../../parse/rules/healthcheck.js';
import { waitUntilHealthy, type Liveness } from '../health/health-gate.js';
import { listenerProblem } from '../health/listeners.js';
import type { ContainerInfo, ContainerRuntime } from '../runtime/container-runtime.js';

/** How many of a failed container's last log lines the error shows. */
export const FAILED_LOG_LINES = 20;

/** Builds the gate used by applySwap for containers of `spec`. */
export function containerGate(
  spec: ServiceSpec,
  runtime: ContainerRuntime,
  network: string,
  defaultTimeoutMs: number,
): (container: ContainerInfo) => Promise<void> {
  const check = spec.healthcheck ?? {
    path: '/',
    ...DEFAULT_HEALTHCHECK,
    timeoutMs: defaultTimeoutMs,
  };
  const hostHeader = spec.urls[0] ? new URL(spec.urls[0]).host : undefined;
  return async (container) => {
    const misbound = misboundApp(runtime, container.id, spec.port);
    const checkAlive = async (): Promise<Liveness> => {
      const now = await runtime.inspectContainer(container.id, network);
      if (now?.state === 'running') {
        const reason = await misbound();
        return reason === null ? { alive: true } : { alive: false, reason };
      }
      const code = now?.exitCode === null || now === null ? '' : ` with code ${now.exitCode}`;
      const restarting = now?.state === 'restarting' ? ' and is restarting' : '';
      return { alive: false, reason: `the container exited${code}${restarting}` };
    };
    try {
      const alive = await checkAlive();
      if (!alive.alive) throw new MypaasError('HEALTHCHECK_FAILED', alive.reason);
      const ip = container.ip ?? (await runtime.inspectContainer(container.id, network))?.ip;
      if (!ip) {
        // One that exited meanwhile has no address either: say it exited, with its code.
        const now = await checkAlive();
        const reason = now.alive ? `has no address on the ${network} network` : now.reason;
        throw new MypaasError('HEALTHCHECK_FAILED', reason);
      }
      await waitUntilHealthy({
        url: `http://${ip}:${spec.port}${check.path}`,
        hostHeader,
        intervalMs: check.intervalMs,
        timeoutMs: check.timeoutMs,
        checkAlive,
      });
    } catch (err) {
      const lines = await runtime.logsTail(container.id, FAILED_LOG_LINES).catch(() => []);
      const reason = isMypaasError(err) ? err.message : String(err);
      throw new MypaasError(
        'HEALTHCHECK_FAILED',
        `${container.name} did not become healthy: ${reason}`,
        {
          cause: err,
          details:
            lines.length > 0
              ? [`last ${lines.length} log lines of ${container.name}:`, ...lines]
              : [`${container.name} printed no output`],
          hint: `the app must listen on 0.0.0.0:$PORT (${spec.port}) and answer GET ${check.path} below 500 within ${check.timeoutMs / 1000}s`,
        },
      );
    }
  };
}

// Why no probe can ever reach the app, once the same reason was seen enough times in a row.
function misboundApp(runtime: ContainerRuntime, id: string, port: number) {
  let last: string | null = null;
  let seen = 0;
  return async (): Promise<string | null> => {
    const listeners = await runtime.listeners(id);
    const problem = listeners === null ? null : listenerProblem(listeners, port);
    seen = problem !== null && problem.reason === last ? seen + 1 : 1;
    last = problem?.reason ?? null;
    return problem !== null && seen >= problem.sightings ? problem.reason : null;
  };
}
