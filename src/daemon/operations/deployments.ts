// deployments: the deploy history of a service, newest first.
import type { DeploymentInfo } from '../../core/results.js';
import { requireKnown } from '../known-service.js';
import { listDeployments } from '../state/deployments.js';
import { visibleTo } from './permissions.js';
import type { Operation, Target } from './operation.js';

/** Whose history, and how much of it. */
export interface DeploymentsRequest extends Target {
  limit: number;
}

/** The service's deployments; the pid bookkeeping of recovery stays inside. */
export const deploymentsOperation: Operation<DeploymentsRequest, DeploymentInfo[]> = {
  name: 'deployments',
  changes: false,
  target: ({ service, env }) => ({ service, env }),
  run: ({ engine, principal }, { service, env, limit }) => {
    requireKnown(engine.db, service, env, visibleTo(principal));
    const result = listDeployments(engine.db, service, env, limit).map(
      ({ pid: _pid, pidStart: _start, ...d }) => d,
    );
    return Promise.resolve({ result });
  },
};
