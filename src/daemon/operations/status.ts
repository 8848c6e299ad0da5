// status: what runs, which release is live, and how each container is doing.
import type { ServiceStatus } from '../../core/results.js';
import { serviceStatuses } from '../service-status.js';
import type { Operation } from './operation.js';
import { mayTouch, visibleTo } from './permissions.js';

/** Which services: one (in any environment) or all, and optionally one environment. */
export interface StatusRequest {
  service?: string;
  env?: string;
}

/** Every service the principal may see, or the one asked for. */
export const statusOperation: Operation<StatusRequest, ServiceStatus[]> = {
  name: 'status',
  changes: false,
  // A deployer asking for another's service is refused, not told "no service".
  target: ({ service, env }) =>
    service === undefined ? undefined : { service, env: env ?? 'production' },
  run: async (ctx, { service, env }) => {
    const may = { ...visibleTo(ctx.principal), warn: (text: string) => ctx.out.warn(text) };
    const all = await serviceStatuses(ctx.engine, service, may);
    const result = all.filter(
      (s) => mayTouch(ctx.principal, s.service) && (env === undefined || s.env === env),
    );
    return { result };
  },
};
