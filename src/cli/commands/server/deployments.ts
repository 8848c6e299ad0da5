// `mypaas server deployments SERVICE`: the deploy history of a service.
import type { Command } from 'commander';
import { envOption, jsonOption, printJson } from '../../options.js';
import { deploymentsTable, type Row } from '../../../core/tables.js';
import { bold } from '../../table.js';
import { withEngine } from '../../with-engine.js';

/** Adds `server deployments`. */
export function registerServerDeployments(server: Command): void {
  server
    .command('deployments')
    .description('list the deployments of a service, newest first')
    .argument('<service>')
    .addOption(envOption())
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 20)
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mypaas server deployments hello\n  $ mypaas server deployments hello --env staging --limit 5 --json\n',
    )
    .action(async (service: string, options: { env: string; limit: number; json?: boolean }) => {
      const { listDeployments } = await import('../../../daemon/state/deployments.js');
      await withEngine((engine) => {
        const list = listDeployments(engine.db, service, options.env, options.limit);
        if (options.json) return printJson(list.map(({ pid: _p, pidStart: _s, ...d }) => d));
        process.stdout.write(
          list.length === 0
            ? `no deployments of ${service} (${options.env})\n`
            : deploymentsTable(list as unknown as Row[], bold),
        );
      });
    });
}
