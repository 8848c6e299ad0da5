// `deployments SERVICE`: the deploy history of a service, newest first.
import { render } from '../../../core/render-results.js';
import { deploymentsOperation } from '../../operations/deployments.js';
import { envOf, intOf, positional } from '../command-args.js';
import { invoke, type CommandSpec } from '../command.js';

/** The words of the deployments operation. */
export const deploymentsCommand: CommandSpec = {
  name: 'deployments',
  usage: 'deployments SERVICE [--env NAME] [--limit N] [--json]',
  summary: 'the deployments of a service, newest first',
  options: { env: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  invocation: ({ args }) => {
    const target = { service: positional(args, 0), env: envOf(args) };
    const request = { ...target, limit: intOf(args, 'limit', 20, 1) };
    return invoke(deploymentsOperation, request, (list, style) =>
      render.deployments(list, style, target),
    );
  },
};
