// `logs SERVICE`: a deployment's stored build log, or the live containers' output (-f follows).
import { setTimeout as sleep } from 'node:timers/promises';
import { MypaasError } from '../../../core/errors.js';
import { requireService } from '../../service-control.js';
import { logLinesAfter, readLog } from '../../state/build-log.js';
import { getDeployment } from '../../state/deployments.js';
import { envOf, flagOf, intOf, positional } from '../command-args.js';
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

async function deploymentLog(ctx: CommandContext, id: number): Promise<number> {
  const service = positional(ctx.args, 0);
  const { db } = ctx.engine;
  const deployment = getDeployment(db, id);
  if (!deployment || deployment.service !== service) {
    throw new MypaasError('DEPLOYMENT_NOT_FOUND', `${service} has no deployment #${id}`, {
      hint: `list them with: deployments ${service}`,
    });
  }
  let last = 0;
  let count = 0;
  const print = (lines: { seq: number; line: string }[]) => {
    lines.forEach((l) => ctx.out.line(l.line));
    count += lines.length;
    last = lines.at(-1)?.seq ?? last;
  };
  const tail = intOf(ctx.args, 'tail', undefined);
  print(readLog(db, id, tail === undefined ? {} : { tail }));
  const unfinished = () =>
    ['queued', 'building', 'starting'].includes(getDeployment(db, id)?.status ?? '');
  while (flagOf(ctx.args, 'follow') && !ctx.signal.aborted && unfinished()) {
    await sleep(250);
    print(logLinesAfter(db, id, last));
  }
  print(logLinesAfter(db, id, last));
  return count;
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
    tail: intOf(ctx.args, 'tail', undefined),
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
