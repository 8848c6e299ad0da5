// Runs one deployment under its (service, env) lock and records how it ended.
import { MypaasError, isMypaasError } from '../../core/errors.js';
import type { Engine } from '../engine.js';
import { createDeployment, getDeployment, updateDeployment } from '../state/deployments.js';
import { getService } from '../state/services.js';
import type { Deployment, DeploymentTrigger } from '../state/types.js';
import { teeOutput, type DeployOutput } from './deploy-output.js';
import { deploymentLog, recordFailure } from './deployment-log.js';
import { withServiceLock } from './with-service-lock.js';

/** Who asked for a deployment and of what. */
export interface DeploymentRequest {
  service: string;
  env: string;
  releaseId: string;
  trigger: DeploymentTrigger;
  actor: string;
}

/**
 * Creates the deployment, takes the lock, runs `work` with an output that is also stored as the
 * deployment's log; marks it failed if anything on the way throws. The stored log ends with how
 * the deployment ended, so `logs --deployment N` tells the whole story.
 */
export async function runDeployment<T>(
  engine: Engine,
  request: DeploymentRequest,
  output: DeployOutput,
  work: (deployment: Deployment, logged: DeployOutput) => Promise<T>,
): Promise<{ deployment: Deployment; result: T }> {
  const { db, identity } = engine;
  const deployment = createDeployment(db, {
    ...request,
    previousDeploymentId: getService(db, request.service, request.env)?.liveDeploymentId ?? null,
    pid: identity.pid,
    pidStart: identity.start,
    now: engine.now(),
  });
  output.step(
    `deployment #${deployment.id} of ${request.service} (${request.env}), release ${request.releaseId}`,
  );
  const markFailed = (err: unknown) => {
    recordFailure(engine, deployment.id, err);
    updateDeployment(db, deployment.id, {
      status: 'failed',
      error: isMypaasError(err) ? err.message : String(err),
      finishedAt: engine.now(),
    });
  };
  const locked = withServiceLock(
    engine,
    { ...request, deploymentId: deployment.id },
    output,
    async () => {
      try {
        const result = await work(
          deployment,
          teeOutput(output, deploymentLog(engine, deployment.id)),
        );
        return { deployment: getDeployment(db, deployment.id) ?? deployment, result };
      } catch (err) {
        markFailed(err);
        throw isMypaasError(err)
          ? err
          : new MypaasError(
              'DEPLOY_FAILED',
              `deployment #${deployment.id} failed: ${String(err)}`,
              { cause: err },
            );
      }
    },
  );
  return locked.catch((err: unknown) => {
    // Failed before its work began (recovering an earlier deployment, say): left queued, it would
    // hold back every later deployment of the service while this process runs.
    if (getDeployment(db, deployment.id)?.status === 'queued') markFailed(err);
    throw err;
  });
}
