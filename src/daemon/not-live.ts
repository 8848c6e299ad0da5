// The error for acting on a live release that a service does not have (it never went live).
import { MypaasError } from '../core/errors.js';
import type { Engine } from './engine.js';
import { listDeployments } from './state/deployments.js';

/** SERVICE_NOT_LIVE for (service, env), saying how its last deployment ended and where to look. */
export function notLive(engine: Engine, service: string, env: string): MypaasError {
  const last = listDeployments(engine.db, service, env, 1)[0];
  const flag = env === 'production' ? '' : ` --env ${env}`;
  const how = last ? `; its last deployment #${last.id} is ${last.status}` : '';
  return new MypaasError('SERVICE_NOT_LIVE', `${service} (${env}) has no live release${how}`, {
    hint: last
      ? `see why with: logs ${service}${flag}; then deploy it again`
      : `deploy it first: mypaas server deploy DIR${flag}`,
  });
}
