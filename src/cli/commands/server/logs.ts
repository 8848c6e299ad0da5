// `mypaas server logs SERVICE`: a deployment's stored build log, or the live containers' output.
import type { Command } from 'commander';
import { MypaasError } from '../../../core/errors.js';
import type { Engine } from '../../../daemon/engine.js';
import { envOption } from '../../options.js';
import { withEngine } from '../../with-engine.js';
import { appNetwork } from '../../../daemon/deploy/container-options.js';

/** Adds `server logs`. */
export function registerServerLogs(server: Command): void {
  server
    .command('logs')
    .description("show a deployment's build and deploy log, or the service's container output")
    .argument('<service>')
    .addOption(envOption())
    .option('--deployment <id>', 'the build log of this deployment (from the database)', (v) =>
      Number.parseInt(v, 10),
    )
    .option('-f, --follow', 'keep printing new lines until interrupted (or the deployment ends)')
    .option('-n, --tail <n>', 'only the last N lines', (v) => Number.parseInt(v, 10))
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas server logs hello -f             the containers' output, live
  $ mypaas server logs hello --tail 100
  $ mypaas server logs hello --deployment 12`,
    )
    .action(async (service: string, options: LogOptions) => {
      await withEngine(async (engine) => {
        const abort = new AbortController();
        const stop = () => abort.abort();
        process.once('SIGINT', stop);
        try {
          if (options.deployment !== undefined)
            await deploymentLog(engine, service, options, abort.signal);
          else await containerLogs(engine, service, options, abort.signal);
        } finally {
          process.off('SIGINT', stop);
        }
      });
    });
}

interface LogOptions {
  env: string;
  deployment?: number;
  follow?: boolean;
  tail?: number;
}

async function deploymentLog(
  engine: Engine,
  service: string,
  options: LogOptions,
  signal: AbortSignal,
) {
  const { getDeployment } = await import('../../../daemon/state/deployments.js');
  const { readLog, logLinesAfter } = await import('../../../daemon/state/build-log.js');
  const id = options.deployment ?? -1;
  const deployment = getDeployment(engine.db, id);
  if (!deployment || deployment.service !== service) {
    throw new MypaasError('DEPLOYMENT_NOT_FOUND', `${service} has no deployment #${id}`, {
      hint: `list them with: mypaas server deployments ${service}`,
    });
  }
  let last = 0;
  const print = (lines: { seq: number; line: string }[]) => {
    for (const l of lines) process.stdout.write(`${l.line}\n`);
    last = lines.at(-1)?.seq ?? last;
  };
  print(readLog(engine.db, id, options.tail === undefined ? {} : { tail: options.tail }));
  const unfinished = () =>
    ['queued', 'building', 'starting'].includes(getDeployment(engine.db, id)?.status ?? '');
  while (options.follow && !signal.aborted && unfinished()) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    print(logLinesAfter(engine.db, id, last));
  }
  print(logLinesAfter(engine.db, id, last));
}

async function containerLogs(
  engine: Engine,
  service: string,
  options: LogOptions,
  signal: AbortSignal,
) {
  const { requireService } = await import('../../../daemon/service-control.js');
  const row = requireService(engine, service, options.env);
  const containers = await engine.runtime.listContainers(
    { service, env: options.env, deployment: row.liveDeploymentId ?? -1 },
    appNetwork(engine.config.deploy.network, options.env),
  );
  const prefix = containers.length > 1;
  await Promise.all(
    containers.map((c) =>
      engine.runtime.streamLogs(
        c.id,
        { tail: options.tail, follow: options.follow ?? false, signal },
        (line) => process.stdout.write(prefix ? `${c.name} | ${line}\n` : `${line}\n`),
      ),
    ),
  );
}
