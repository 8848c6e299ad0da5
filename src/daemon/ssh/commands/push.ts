// `push`: receive a tar(.gz) of an app on stdin into a fresh work directory, check the key may
// deploy what its Dockerfile asks for, deploy it, and remove the work directory whatever happens.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { deployDirectory } from '../../deploy/deploy-directory.js';
import { deploySummary, liveText } from '../../deploy/deploy-summary.js';
import { parseDockerfile } from '../../../parse/parse-dockerfile.js';
import { readDockerfile } from '../../../parse/read-dockerfile.js';
import { envOf, targetOf } from '../command-args.js';
import type { CommandContext, CommandResult, CommandSpec } from '../command.js';
import { assertMayDeploy } from '../permissions.js';
import { receiveUpload } from '../receive-upload.js';

/** The daemon's side of `mypaas push` and of `tar -cz -C app . | ssh host push`. */
export const pushCommand: CommandSpec = {
  name: 'push',
  usage: 'push [--env NAME] < app.tar (or .tar.gz)',
  summary: 'deploy the app directory sent on stdin; exits 0 only when it is live',
  options: { env: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [0, 0],
  readsInput: true,
  changes: () => true,
  run: async (ctx) => {
    const env = envOf(ctx.args);
    const dir = await mkdtemp(join(ctx.daemon.workRoot, 'push-'));
    try {
      ctx.out.step('receiving the app');
      const upload = await receiveUpload(ctx.input, dir, ctx.daemon.uploadLimits);
      ctx.out.step(
        `received ${upload.entries} files and directories, ${size(upload.bytes)}` +
          ` (${upload.format}, ${size(upload.wireBytes)} sent)`,
      );
      await checkDockerfile(ctx, dir, env);
      return await deploy(ctx, dir, env);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

// An unparseable Dockerfile is left to deployDirectory, which reports every problem in it
// before anything is built.
async function checkDockerfile(ctx: CommandContext, dir: string, env: string): Promise<void> {
  const parsed = parseDockerfile((await readDockerfile(dir)).text);
  if (!parsed.ok) return;
  ctx.setTarget(targetOf(parsed.spec.service, env));
  assertMayDeploy(ctx.engine, ctx.key, parsed.spec);
}

async function deploy(ctx: CommandContext, dir: string, env: string): Promise<CommandResult> {
  const { buildSlots } = ctx.daemon;
  const max = ctx.engine.config.daemon.maxParallelBuilds;
  const request = {
    dir,
    env,
    trigger: 'push' as const,
    actor: ctx.key.name,
    deployerScope: ctx.key.role === 'deployer' ? ctx.key.services : undefined,
    buildSlot: <T>(build: () => Promise<T>) =>
      buildSlots.run(build, (running) =>
        ctx.out.step(
          `waiting for a build slot: ${running} builds running (max_parallel_builds = ${max})`,
        ),
      ),
  };
  const data = deploySummary(await deployDirectory(ctx.engine, request, ctx.out));
  return {
    data,
    text: liveText(data, '✓'),
    detail: `deployment #${data.deployment}, release ${data.release}`,
  };
}

function size(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} kB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
