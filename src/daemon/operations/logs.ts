// logs: a deployment's stored log, or the live containers' output; lines go out as they come.
import type { LogsResult } from '../../core/results.js';
import { appNetwork } from '../deploy/container-options.js';
import { readDeploymentLog } from '../deploy/read-deployment-log.js';
import { requireService } from '../service-control.js';
import type { Operation, OperationContext, Target } from './operation.js';

/** Which log, how much of its end (`tail`), and whether to keep following it. */
export interface LogsRequest extends Target {
  deployment?: number;
  follow: boolean;
  tail?: number;
}

/** Sends each line to `ctx.out.line`; ends with the count, or when the asker goes away. */
export const logsOperation: Operation<LogsRequest, LogsResult> = {
  name: 'logs',
  changes: false,
  target: ({ service, env }) => ({ service, env }),
  run: async (ctx, request) => {
    const lines =
      request.deployment === undefined
        ? await containerLogs(ctx, request)
        : await deploymentLog(ctx, request, request.deployment);
    return { result: { lines } };
  },
};

function deploymentLog(ctx: OperationContext, request: LogsRequest, id: number): Promise<number> {
  const options = {
    follow: request.follow,
    signal: ctx.signal,
    listHint: ctx.voice('deployments', request.service),
    ...tail(request),
  };
  return readDeploymentLog(ctx.engine.db, request.service, id, options, (line) =>
    ctx.out.line(line),
  );
}

async function containerLogs(ctx: OperationContext, request: LogsRequest): Promise<number> {
  const { engine } = ctx;
  const { service, env } = request;
  const row = requireService(engine, service, env);
  const containers = await engine.runtime.listContainers(
    { service, env, deployment: row.liveDeploymentId ?? -1 },
    appNetwork(engine.config.deploy.network, env),
  );
  const prefix = containers.length > 1;
  const options = { ...tail(request), follow: request.follow, signal: ctx.signal };
  let count = 0;
  await Promise.all(
    containers.map((c) =>
      engine.runtime.streamLogs(c.id, options, (line) => {
        count += 1;
        ctx.out.line(prefix ? `${c.name} | ${line}` : line);
      }),
    ),
  );
  return count;
}

// `{tail}` when given, so an absent tail stays absent (every line).
function tail(request: LogsRequest): { tail?: number } {
  return request.tail === undefined ? {} : { tail: request.tail };
}
