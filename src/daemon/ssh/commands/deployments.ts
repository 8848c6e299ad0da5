// `deployments SERVICE`: the deploy history of a service, newest first.
import { listDeployments } from '../../state/deployments.js';
import { envOf, intOf, positional } from '../command-args.js';
import type { CommandSpec } from '../command.js';
import { deploymentsTable } from '../../../core/tables.js';

/** Mirrors `mypaas server deployments`. */
export const deploymentsCommand: CommandSpec = {
  name: 'deployments',
  usage: 'deployments SERVICE [--env NAME] [--limit N] [--json]',
  summary: 'the deployments of a service, newest first',
  options: { env: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  changes: () => false,
  service: (args) => positional(args, 0),
  run: (ctx) => {
    const service = positional(ctx.args, 0);
    const env = envOf(ctx.args);
    const list = listDeployments(ctx.engine.db, service, env, intOf(ctx.args, 'limit', 20)).map(
      ({ pid: _pid, pidStart: _start, ...d }) => d,
    );
    const text =
      list.length === 0 ? `no deployments of ${service} (${env})\n` : deploymentsTable(list);
    return Promise.resolve({ data: list, text });
  },
};
