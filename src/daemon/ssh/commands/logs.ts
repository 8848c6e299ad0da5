// `logs SERVICE`: a deployment's stored log, or the live containers' output (-f follows).
import { logsOperation } from '../../operations/logs.js';
import { envOf, flagOf, intOf, positional, tailOf } from '../command-args.js';
import { invoke, type CommandSpec } from '../command.js';

/** The words of the logs operation; lines arrive as `line` events. */
export const logsCommand: CommandSpec = {
  name: 'logs',
  usage: 'logs SERVICE [--env NAME] [--deployment ID] [-f|--follow] [-n|--tail N]',
  summary: "a deployment's build log, or the service's container output",
  options: {
    env: { type: 'string' },
    deployment: { type: 'string' },
    follow: { type: 'boolean', short: 'f' },
    tail: { type: 'string', short: 'n' },
  },
  positionals: [1, 1],
  invocation: ({ args }) => {
    const tail = tailOf(args);
    const deployment = intOf(args, 'deployment', undefined, 1);
    const request = {
      service: positional(args, 0),
      env: envOf(args),
      follow: flagOf(args, 'follow'),
      ...(tail === undefined ? {} : { tail }),
      ...(deployment === undefined ? {} : { deployment }),
    };
    return invoke(logsOperation, request, () => '');
  },
};
