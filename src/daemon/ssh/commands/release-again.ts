// `rollback` and `redeploy`: make an existing release live again through the health-gated swap.
import { deployRelease, type ReleaseChoice } from '../../deploy/deploy-release.js';
import { envOf, positional, targetOf } from '../command-args.js';
import type { CommandContext, CommandResult, CommandSpec } from '../command.js';

/** Mirrors `mypaas server rollback`. */
export const rollbackCommand: CommandSpec = {
  name: 'rollback',
  usage: 'rollback SERVICE [RELEASE] [--env NAME]',
  summary: 'make an earlier release live again (default: the one before the live one)',
  options: { env: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 2],
  changes: () => true,
  service: (args) => positional(args, 0),
  run: (ctx) => {
    const release = ctx.args.positionals[1];
    const choice: ReleaseChoice = release ? { kind: 'named', id: release } : { kind: 'previous' };
    return again(ctx, choice, 'rollback');
  },
};

/** Mirrors `mypaas server redeploy`. */
export const redeployCommand: CommandSpec = {
  name: 'redeploy',
  usage: 'redeploy SERVICE [--env NAME]',
  summary: 'fresh containers of the live release, with the current env vars',
  options: { env: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  changes: () => true,
  service: (args) => positional(args, 0),
  run: (ctx) => again(ctx, { kind: 'live' }, 'redeploy'),
};

async function again(
  ctx: CommandContext,
  choice: ReleaseChoice,
  trigger: 'rollback' | 'redeploy',
): Promise<CommandResult> {
  const service = positional(ctx.args, 0);
  const env = envOf(ctx.args);
  const request = { service, env, choice, trigger, actor: ctx.key.name };
  const { deployment, release } = await deployRelease(ctx.engine, request, ctx.out);
  const data = { service, env, deployment: deployment.id, release: release.id };
  return {
    data,
    text: `✓ ${targetOf(service, env)} is live: release ${release.id} (deployment #${deployment.id})\n`,
    detail: `deployment #${deployment.id}, release ${release.id}`,
  };
}
