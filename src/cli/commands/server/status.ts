// `mypaas server status [SERVICE]`: what runs on this host.
import type { Command } from 'commander';
import { jsonOption, printJson } from '../../options.js';
import { table, when } from '../../table.js';
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
        if (statuses.length === 0) {
          process.stdout.write(
            service
              ? `no service named ${service}\n`
              : 'no services yet: deploy one with mypaas server deploy DIR\n',
          );
          return;
        }
        const rows = statuses.map((s) => {
          const running = s.containers.filter((c) => c.state === 'running').length;
          return [
            s.service,
            s.env,
            s.state,
            s.release ?? '-',
            s.deployment === null ? '-' : `#${s.deployment}`,
            `${running}/${s.containers.length} running`,
            when(s.liveSince),
            s.urls.join(' ') || '-',
          ];
        });
        process.stdout.write(
          table(
            [
              'SERVICE',
              'ENV',
              'STATE',
              'RELEASE',
              'DEPLOYMENT',
              'CONTAINERS',
              'LIVE SINCE',
              'URLS',
            ],
            rows,
          ),
        );
        if (service === undefined) return;
        for (const s of statuses) {
          for (const c of s.containers)
            process.stdout.write(`  ${c.name}  ${c.state}  ${c.ip ?? '-'}\n`);
        }
      });
    });
}
