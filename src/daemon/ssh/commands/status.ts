// `status [SERVICE] [--env NAME]`: what runs; a deployer sees only its own services.
import { render } from '../../../core/render-results.js';
import { statusOperation } from '../../operations/status.js';
import { optionalEnvOf } from '../command-args.js';
import { invoke, type CommandSpec } from '../command.js';

/** The words of the status operation. */
export const statusCommand: CommandSpec = {
  name: 'status',
  usage: 'status [SERVICE] [--env NAME] [--json]',
  summary: 'services, their live release, containers and urls',
  options: { env: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [0, 1],
  invocation: ({ args }) => {
    const service = args.positionals[0];
    const request = { service, env: optionalEnvOf(args) };
    return invoke(statusOperation, request, (list, style) => render.statuses(list, style, service));
  },
};
