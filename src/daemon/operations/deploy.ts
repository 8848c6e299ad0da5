// deploy: build an app directory and make it live, health-gated; what push does after its upload.
import type { LiveResult } from '../../core/results.js';
import { deployApp } from '../deploy/deploy-directory.js';
import { deploySummary, liveDetail } from '../deploy/deploy-summary.js';
import { readApp, type AppReader } from '../deploy/read-app.js';
import type { DeploymentTrigger } from '../state/types.js';
import type { Operation } from './operation.js';
import { assertMayDeploy } from './permissions.js';

/** The directory, where to, and how its build waits for a slot (the daemon limits builds). */
export interface DeployRequest {
  dir: string;
  env: string;
  trigger: DeploymentTrigger;
  buildSlot?: <T>(build: () => Promise<T>) => Promise<T>;
}

/** The deploy operation reading apps with `read`: the Dockerfile is read and parsed once, and
 * that spec names the audit target, is checked against the principal and is what gets built. */
export function deployOperationWith(read: AppReader): Operation<DeployRequest, LiveResult> {
  return {
    name: 'deploy',
    changes: true,
    run: async (ctx, request) => {
      const { principal } = ctx;
      // An unreadable or invalid Dockerfile fails here, with every problem in it, unaudited by
      // service: the service is known only from the Dockerfile.
      const app = await read(request.dir, ctx.out);
      ctx.setTarget({ service: app.spec.service, env: request.env });
      assertMayDeploy(ctx.engine, principal, app.spec);
      const summary = deploySummary(
        await deployApp(
          ctx.engine,
          {
            app,
            env: request.env,
            trigger: request.trigger,
            buildSlot: request.buildSlot,
            actor: principal.name,
            deployerScope: principal.role === 'deployer' ? principal.services : undefined,
          },
          ctx.out,
        ),
      );
      return { result: summary, detail: liveDetail(summary) };
    },
  };
}

/** Deploys `dir`; resolves only when the new release is live. */
export const deployOperation = deployOperationWith(readApp);
