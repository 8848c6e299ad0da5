// `mypaas server deployments SERVICE`: the deploy history of a service.
import type { Command } from 'commander';
import { render } from '../../../core/render-results.js';
import { envOption, jsonOption, wholeNumber } from '../../options.js';
import { runOnHost } from '../../run-on-host.js';

/** Adds `server deployments`. */
export function registerServerDeployments(server: Command): void {
  server
    .command('deployments')
    .description('list the deployments of a service, newest first')
    .argument('<service>')
    .addOption(envOption())
    .option('--limit <n>', 'how many', wholeNumber('limit', 1), 20)
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mypaas server deployments hello\n  $ mypaas server deployments hello --env staging --limit 5 --json\n',
    )
    .action(async (service: string, options: { env: string; limit: number; json?: boolean }) => {
      const { deploymentsOperation } = await import('../../../daemon/operations/deployments.js');
      const target = { service, env: options.env };
      await runOnHost(
        deploymentsOperation,
        { ...target, limit: options.limit },
        { json: options.json, text: (list, style) => render.deployments(list, style, target) },
      );
    });
}
