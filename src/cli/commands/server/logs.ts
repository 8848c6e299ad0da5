// `mypaas server logs SERVICE`: a deployment's stored build log, or the live containers' output.
import type { Command } from 'commander';
import type { Engine } from '../../../daemon/engine.js';
import { envOption, jsonOption, tailOption, wholeNumber } from '../../options.js';
import { LOG_OUTPUT_HELP, logLinePrinter } from '../../terminal-safe.js';
import { withEngine } from '../../with-engine.js';
import { appNetwork } from '../../../daemon/deploy/container-options.js';

/** Adds `server logs`. */
export function registerServerLogs(server: Command): void {
  server
    .command('logs')
    .description("show a deployment's build and deploy log, or the service's container output")
    .argument('<service>')
    .addOption(envOption())
    .option(
      '--deployment <id>',
      'the build log of this deployment (from the database)',
      wholeNumber(1),
    )
    .option('-f, --follow', 'keep printing new lines until interrupted (or the deployment ends)')
    .addOption(tailOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas server logs hello -f             the containers' output, live
  $ mypaas server logs hello --tail 100
  $ mypaas server logs hello --deployment 12
  $ mypaas server logs hello --json | jq -r .line
${LOG_OUTPUT_HELP}`,
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
  json?: boolean;
}

async function deploymentLog(
  engine: Engine,
  service: string,
  options: LogOptions,
  signal: AbortSignal,
) {
  const { readDeploymentLog } = await import('../../../daemon/deploy/read-deployment-log.js');
  const read = {
    follow: options.follow ?? false,
    signal,
    listHint: `mypaas server deployments ${service}`,
    ...(options.tail === undefined ? {} : { tail: options.tail }),
  };
  const print = logLinePrinter(options.json ?? false, process.stdout);
  await readDeploymentLog(engine.db, service, options.deployment ?? -1, read, print);
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
  const print = logLinePrinter(options.json ?? false, process.stdout);
  await Promise.all(
    containers.map((c) =>
      engine.runtime.streamLogs(
        c.id,
        { tail: options.tail, follow: options.follow ?? false, signal },
        (line) => print(prefix ? `${c.name} | ${line}` : line),
      ),
    ),
  );
}
