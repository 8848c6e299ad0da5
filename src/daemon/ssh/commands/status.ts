// `status [SERVICE]`: what runs; a deployer sees only its own services.
import { serviceStatuses, type ServiceStatus } from '../../service-status.js';
import type { CommandSpec } from '../command.js';
import { mayTouch } from '../permissions.js';
import { textTable, timeText } from '../text-table.js';

/** Mirrors `mypaas server status`. */
export const statusCommand: CommandSpec = {
  name: 'status',
  usage: 'status [SERVICE] [--json]',
  summary: 'services, their live release, containers and urls',
  options: { json: { type: 'boolean' } },
  positionals: [0, 1],
  changes: () => false,
  service: (args) => args.positionals[0],
  run: async (ctx) => {
    const service = ctx.args.positionals[0];
    const all = await serviceStatuses(ctx.engine, service);
    const statuses = all.filter((s) => mayTouch(ctx.key, s.service));
    return { data: statuses, text: render(statuses, service) };
  },
};

function render(statuses: ServiceStatus[], service: string | undefined): string {
  if (statuses.length === 0) {
    return service
      ? `no service named ${service}\n`
      : 'no services yet: push one with mypaas push\n';
  }
  const rows = statuses.map((s) => [
    s.service,
    s.env,
    s.state,
    s.release ?? '-',
    s.deployment === null ? '-' : `#${s.deployment}`,
    `${s.containers.filter((c) => c.state === 'running').length}/${s.containers.length} running`,
    timeText(s.liveSince),
    s.urls.join(' ') || '-',
  ]);
  const header = [
    'SERVICE',
    'ENV',
    'STATE',
    'RELEASE',
    'DEPLOYMENT',
    'CONTAINERS',
    'LIVE SINCE',
    'URLS',
  ];
  const containers =
    service === undefined
      ? []
      : statuses.flatMap((s) =>
          s.containers.map((c) => `  ${c.name}  ${c.state}  ${c.ip ?? '-'}\n`),
        );
  return textTable(header, rows) + containers.join('');
}
