// rollback and redeploy: make an existing release live again through the health-gated swap.
import type { LiveResult } from '../../core/results.js';
import { deployRelease } from '../deploy/deploy-release.js';
import { deploySummary, liveDetail } from '../deploy/deploy-summary.js';
import type { Operation, OperationContext, Target } from './operation.js';
import { visibleTo } from './permissions.js';

/** rollback's request: a named release, or the one live before the current one. */
export interface RollbackRequest extends Target {
  release?: string;
}

/** Makes an earlier release live again. */
export const rollbackOperation: Operation<RollbackRequest, LiveResult> = {
  name: 'rollback',
  changes: true,
  target: ({ service, env }) => ({ service, env }),
  run: (ctx, { service, env, release }) =>
    deployExisting(ctx, {
      service,
      env,
      trigger: 'rollback',
      choice: release ? { kind: 'named', id: release } : { kind: 'previous' },
    }),
};

/** Fresh containers of the live release, with the current env vars. */
export const redeployOperation: Operation<Target, LiveResult> = {
  name: 'redeploy',
  changes: true,
  target: (r) => r,
  run: (ctx, { service, env }) =>
    deployExisting(ctx, { service, env, trigger: 'redeploy', choice: { kind: 'live' } }),
};

// Deploys a release the host already has (rollback, redeploy), as the principal, and summarises it.
async function deployExisting(
  ctx: OperationContext,
  request: Omit<Parameters<typeof deployRelease>[1], 'actor'>,
) {
  const result = deploySummary(
    await deployRelease(
      ctx.engine,
      { ...request, actor: ctx.principal.name, known: visibleTo(ctx.principal) },
      ctx.out,
    ),
  );
  return { result, detail: liveDetail(result) };
}
