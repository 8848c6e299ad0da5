// logs: a deployment's stored log, or the live containers' output; lines go out as they come.
import type { LogsResult } from '../../core/results.js';
import { readDeploymentLog } from '../deploy/read-deployment-log.js';
import { serviceLogs } from '../service-logs.js';
import type { Operation, Target } from './operation.js';
import { visibleTo } from './permissions.js';

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
    const { service, env, deployment } = request;
    const options = {
      follow: request.follow,
      signal: ctx.signal,
      listHint: ctx.voice('deployments', service),
      warn: (text: string) => ctx.out.warn(text),
      ...(request.tail === undefined ? {} : { tail: request.tail }),
      ...visibleTo(ctx.principal),
    };
    const line = (text: string) => ctx.out.line(text);
    const lines =
      deployment === undefined
        ? await serviceLogs(ctx.engine, service, env, options, line)
        : await readDeploymentLog(ctx.engine.db, service, deployment, options, line);
    return { result: { lines } };
  },
};
