// `status [SERVICE]`: what runs; a deployer sees only its own services.
import { serviceStatuses, type ServiceStatus } from '../../service-status.js';
import type { CommandSpec } from '../command.js';
import { mayTouch } from '../permissions.js';
import { statusTable, type Row } from '../../../core/tables.js';

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
  if (service !== undefined && statuses.length === 0) return `no service named ${service}\n`;
  return statusTable(statuses as unknown as Row[], 'mypaas push');
}
