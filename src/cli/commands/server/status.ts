// `mypaas server status [SERVICE]`: what runs on this host.
import type { Command } from 'commander';
import { jsonOption, printJson } from '../../options.js';
import { statusTable, type Row } from '../../../core/tables.js';
import { bold } from '../../table.js';
import { withEngine } from '../../with-engine.js';

/** Adds `server status`. */
export function registerServerStatus(server: Command): void {
  server
    .command('status')
    .description('show services, their live release, containers and urls')
    .argument('[service]', 'only this service')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mypaas server status\n  $ mypaas server status hello --json\n',
    )
    .action(async (service: string | undefined, options: { json?: boolean }) => {
      const { serviceStatuses } = await import('../../../daemon/service-status.js');
      await withEngine(async (engine) => {
        const statuses = await serviceStatuses(engine, service);
        if (options.json) return printJson(statuses);
        if (service !== undefined && statuses.length === 0) {
          process.stdout.write(`no service named ${service}\n`);
          return;
        }
        process.stdout.write(
          statusTable(statuses as unknown as Row[], 'mypaas server deploy DIR', bold),
        );
      });
    });
}
