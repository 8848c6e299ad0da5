// `mypaas logs SERVER SERVICE`: a deployment's build log, or the containers' output, over SSH.
import type { Command } from 'commander';
import { envOption, jsonOption, tailOption, wholeNumber } from '../../options.js';
import { LOG_OUTPUT_HELP, logLinePrinter } from '../../terminal-safe.js';
import {
  identityOption,
  printJsonError,
  runRemote,
  SERVER_HELP,
  type RemoteOptions,
} from './run-remote.js';

/** Adds `logs`. */
export function registerRemoteLogs(program: Command): void {
  program
    .command('logs')
    .description("show a service's container output, or a deployment's build and deploy log")
    .argument('<server>', SERVER_HELP)
    .argument('<service>')
    .addOption(envOption())
    .option('-f, --follow', 'keep printing new lines until Ctrl-C (or the deployment ends)')
    .addOption(tailOption())
    .option(
      '--deployment <id>',
      "this deployment's build and deploy log",
      wholeNumber('deployment', 1),
    )
    .addOption(jsonOption())
    .addOption(identityOption())
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas logs prod hello -f              the containers' output, live
  $ mypaas logs prod hello --tail 100
  $ mypaas logs prod hello --deployment 12
  $ mypaas logs prod hello --json | jq -r .line
${LOG_OUTPUT_HELP}`,
    )
    .action(async (server: string, service: string, options: LogOptions) => {
      const words = [
        'logs',
        service,
        '--env',
        options.env ?? 'production',
        ...(options.follow ? ['--follow'] : []),
        ...(options.tail === undefined ? [] : ['--tail', String(options.tail)]),
        ...(options.deployment === undefined ? [] : ['--deployment', String(options.deployment)]),
      ];
      // --json shapes the lines here; the daemon sends them as events, JSON already.
      const line = logLinePrinter(options.json ?? false, process.stdout);
      try {
        await runRemote(server, words, 'logs', {
          ...options,
          json: false,
          line,
          interruptible: true,
        });
      } catch (err) {
        if (options.json) printJsonError(err);
        throw err;
      }
    });
}

interface LogOptions extends RemoteOptions {
  follow?: boolean;
  tail?: number;
  deployment?: number;
}
