// deploy: build an app directory and make it live, health-gated; what push does after its upload.
import type { LiveResult } from '../../core/results.js';
import { parseDockerfile } from '../../parse/parse-dockerfile.js';
import { readDockerfile } from '../../parse/read-dockerfile.js';
import { deployDirectory } from '../deploy/deploy-directory.js';
import { deploySummary, liveDetail } from '../deploy/deploy-summary.js';
import type { DeploymentTrigger } from '../state/types.js';
import type { Operation, OperationContext } from './operation.js';
import { assertMayDeploy } from './permissions.js';

/** The directory, where to, and how its build waits for a slot (the daemon limits builds). */
export interface DeployRequest {
  dir: string;
  env: string;
  trigger: DeploymentTrigger;
  buildSlot?: <T>(build: () => Promise<T>) => Promise<T>;
}

/** Deploys `dir`; resolves only when the new release is live. */
export const deployOperation: Operation<DeployRequest, LiveResult> = {
  name: 'deploy',
  changes: true,
  run: async (ctx, request) => {
    await checkDockerfile(ctx, request);
    const { principal } = ctx;
    const summary = deploySummary(
      await deployDirectory(
        ctx.engine,
        {
          ...request,
          actor: principal.name,
          deployerScope: principal.role === 'deployer' ? principal.services : undefined,
        },
        ctx.out,
      ),
    );
    return { result: summary, detail: liveDetail(summary) };
  },
};

// The service is known only from the Dockerfile: name it in the audit log and check the
// principal may deploy what it asks for. An unparseable one is left to deployDirectory, which
// reports every problem in it before anything is built.
async function checkDockerfile(ctx: OperationContext, request: DeployRequest): Promise<void> {
  const parsed = parseDockerfile((await readDockerfile(request.dir)).text);
  if (!parsed.ok) return;
  ctx.setTarget({ service: parsed.spec.service, env: request.env });
  assertMayDeploy(ctx.engine, ctx.principal, parsed.spec);
}
