// `logs SERVICE`: a deployment's stored build log, or the live containers' output (-f follows).
import { readDeploymentLog } from '../../deploy/read-deployment-log.js';
import { requireService } from '../../service-control.js';
import { envOf, flagOf, intOf, positional, tailOf } from '../command-args.js';
import type { CommandContext, CommandSpec } from '../command.js';
import { appNetwork } from '../../deploy/container-options.js';

/** Mirrors `mypaas server logs`; lines arrive as `line` events. */
export const logsCommand: CommandSpec = {
  name: 'logs',
  usage: 'logs SERVICE [--env NAME] [--deployment ID] [-f|--follow] [-n|--tail N]',
  summary: "a deployment's build log, or the service's container output",
  options: {
    env: { type: 'string' },
    deployment: { type: 'string' },
    follow: { type: 'boolean', short: 'f' },
    tail: { type: 'string', short: 'n' },
  },
  positionals: [1, 1],
  changes: () => false,
  service: (args) => positional(args, 0),
  run: async (ctx) => {
    const lines =
      ctx.args.values.deployment === undefined
        ? await containerLogs(ctx)
        : await deploymentLog(ctx, intOf(ctx.args, 'deployment', -1));
    return { data: { lines }, text: '' };
  },
};

function deploymentLog(ctx: CommandContext, id: number): Promise<number> {
  const service = positional(ctx.args, 0);
  const options = {
    follow: flagOf(ctx.args, 'follow'),
    signal: ctx.signal,
    listHint: `deployments ${service}`,
    ...tailOption(ctx),
  };
  return readDeploymentLog(ctx.engine.db, service, id, options, (line) => ctx.out.line(line));
}

async function containerLogs(ctx: CommandContext): Promise<number> {
  const service = positional(ctx.args, 0);
  const env = envOf(ctx.args);
  const { engine } = ctx;
  const row = requireService(engine, service, env);
  const containers = await engine.runtime.listContainers(
    { service, env, deployment: row.liveDeploymentId ?? -1 },
    appNetwork(engine.config.deploy.network, env),
  );
  const prefix = containers.length > 1;
  const options = {
    ...tailOption(ctx),
    follow: flagOf(ctx.args, 'follow'),
    signal: ctx.signal,
  };
  let count = 0;
  await Promise.all(
    containers.map((c) =>
      engine.runtime.streamLogs(c.id, options, (line) => {
        count += 1;
        ctx.out.line(prefix ? `${c.name} | ${line}` : line);
      }),
    ),
  );
  return count;
}

// `{tail}` when given, so an absent --tail stays absent (every line).
function tailOption(ctx: CommandContext): { tail?: number } {
  const tail = tailOf(ctx.args);
  return tail === undefined ? {} : { tail };
}
