// `stop`, `start` and `rm`: act on a service's containers under its deploy lock.
import { MypaasError } from '../../../core/errors.js';
import { removeService, startService, stopService } from '../../service-control.js';
import { envOf, flagOf, positional, targetOf } from '../command-args.js';
import type { CommandContext, CommandResult, CommandSpec } from '../command.js';

/** Mirrors `mypaas server stop`. */
export const stopCommand: CommandSpec = lifecycle(
  'stop',
  'take a service out of the proxy and stop it',
  async (ctx, service, env) => {
    await stopService(ctx.engine, service, env, ctx.out);
    return `stopped ${targetOf(service, env)}; start it again with: start ${service}\n`;
  },
);

/** Mirrors `mypaas server start`. */
export const startCommand: CommandSpec = lifecycle(
  'start',
  'start a stopped service again, health-gated',
  async (ctx, service, env) => {
    await startService(ctx.engine, service, env, ctx.out);
    return `started ${targetOf(service, env)}\n`;
  },
);

/** Mirrors `mypaas server rm`: refuses without --yes. */
export const rmCommand: CommandSpec = {
  ...lifecycle(
    'rm',
    'remove a service: route, containers, images (volumes are kept)',
    async (ctx, service, env) => {
      if (!flagOf(ctx.args, 'yes')) {
        throw new MypaasError(
          'USAGE',
          `rm removes ${targetOf(service, env)} with its containers and images`,
          {
            hint: `run again with --yes to confirm: rm ${service} --yes`,
          },
        );
      }
      await removeService(ctx.engine, service, env, ctx.out, { purge: flagOf(ctx.args, 'purge') });
      return `removed ${targetOf(service, env)}\n`;
    },
  ),
  usage: 'rm SERVICE [--env NAME] [--purge] --yes',
  options: {
    env: { type: 'string' },
    purge: { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
  },
};

function lifecycle(
  name: string,
  summary: string,
  act: (ctx: CommandContext, service: string, env: string) => Promise<string>,
): CommandSpec {
  return {
    name,
    usage: `${name} SERVICE [--env NAME]`,
    summary,
    options: { env: { type: 'string' } },
    positionals: [1, 1],
    changes: () => true,
    service: (args) => positional(args, 0),
    run: async (ctx): Promise<CommandResult> => {
      const service = positional(ctx.args, 0);
      const env = envOf(ctx.args);
      const text = await act(ctx, service, env);
      return { data: { service, env }, text };
    },
  };
}
