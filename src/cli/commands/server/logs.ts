// `mypaas server logs SERVICE`: a deployment's stored build log, or the live containers' output.
import type { Command } from 'commander';
import { envOption, jsonOption, tailOption, wholeNumber } from '../../options.js';
import { runOnHost } from '../../run-on-host.js';
import { LOG_OUTPUT_HELP } from '../../terminal-safe.js';

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
      wholeNumber('deployment', 1),
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
      const { logsOperation } = await import('../../../daemon/operations/logs.js');
      const request = {
        service,
        env: options.env,
        follow: options.follow ?? false,
        ...(options.tail === undefined ? {} : { tail: options.tail }),
        ...(options.deployment === undefined ? {} : { deployment: options.deployment }),
      };
      await runOnHost(logsOperation, request, { json: options.json, lines: true, text: () => '' });
    });
}

interface LogOptions {
  env: string;
  deployment?: number;
  follow?: boolean;
  tail?: number;
  json?: boolean;
}
