// Runs work while holding the (service, env) deploy lock, after recovering any dead deployment.
import type { Engine } from '../engine.js';
import { releaseLock, waitForLock } from '../state/deploy-lock.js';
import type { DeployOutput } from './deploy-output.js';
import { recoverService } from './recover.js';

/** One thing at a time per (service, env): deploys, rollbacks, stop, start and rm all queue here. */
export async function withServiceLock<T>(
  engine: Engine,
  target: { service: string; env: string; deploymentId: number | null; signal?: AbortSignal },
  output: DeployOutput,
  work: () => Promise<T>,
): Promise<T> {
  const { db, identity } = engine;
  const { service, env, deploymentId } = target;
  await waitForLock(
    db,
    service,
    env,
    { ...identity, deploymentId },
    {
      now: engine.now,
      signal: target.signal,
      onWait: (holder) =>
        output.step(
          `waiting for ${holder.deploymentId === null ? 'another command' : `deployment #${holder.deploymentId}`} on ${service} (pid ${holder.pid}) to finish`,
        ),
    },
  );
  try {
    await recoverService(engine, service, env, output);
    return await work();
  } finally {
    releaseLock(db, service, env, identity.pid);
  }
}
