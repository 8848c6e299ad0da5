// stop, start and rm: act on a service's containers under its deploy lock.
import { MypaasError } from '../../core/errors.js';
import type { TargetResult } from '../../core/results.js';
import { removeService, startService, stopService } from '../service-control.js';
import { visibleTo } from './permissions.js';
import { targetText, type Operation, type Target } from './operation.js';

/** Takes a service out of the proxy and stops its containers (kept for start). */
export const stopOperation: Operation<Target, TargetResult> = {
  name: 'stop',
  changes: true,
  target: (r) => r,
  run: async (ctx, { service, env }) => {
    await stopService(ctx.engine, service, env, ctx.out, visibleTo(ctx.principal));
    return { result: { service, env } };
  },
};

/** Starts a stopped service again, health-gated, and routes to it. */
export const startOperation: Operation<Target, TargetResult> = {
  name: 'start',
  changes: true,
  target: (r) => r,
  run: async (ctx, { service, env }) => {
    await startService(ctx.engine, service, env, ctx.out, visibleTo(ctx.principal));
    return { result: { service, env } };
  },
};

/** What rm needs: the confirmation, and whether the history goes too. */
export interface RemoveRequest extends Target {
  confirmed: boolean;
  purge: boolean;
}

/** Removes a service: route, containers and release images; volumes are kept. */
export const rmOperation: Operation<RemoveRequest, TargetResult> = {
  name: 'rm',
  changes: true,
  target: ({ service, env }) => ({ service, env }),
  run: async (ctx, { service, env, confirmed, purge }) => {
    if (!confirmed) {
      throw new MypaasError(
        'USAGE',
        `rm removes ${targetText({ service, env })} with its containers and images`,
        { hint: `run again with --yes to confirm: ${ctx.voice('rm', `${service} --yes`)}` },
      );
    }
    await removeService(ctx.engine, service, env, ctx.out, {
      purge,
      ...visibleTo(ctx.principal),
    });
    return { result: { service, env } };
  },
};
