// `stop`, `start` and `rm`: act on a service's containers under its deploy lock.
import { render } from '../../../core/render-results.js';
import { rmOperation, startOperation, stopOperation } from '../../operations/lifecycle.js';
import { flagOf, targetOfArgs } from '../command-args.js';
import { invoke, type CommandSpec } from '../command.js';

const ENV_ONLY = { env: { type: 'string' } } as const;

/** The words of the stop operation. */
export const stopCommand: CommandSpec = {
  name: 'stop',
  usage: 'stop SERVICE [--env NAME]',
  summary: 'take a service out of the proxy and stop it',
  options: ENV_ONLY,
  positionals: [1, 1],
  invocation: ({ args }) => invoke(stopOperation, targetOfArgs(args), render.stopped),
};

/** The words of the start operation. */
export const startCommand: CommandSpec = {
  name: 'start',
  usage: 'start SERVICE [--env NAME]',
  summary: 'start a stopped service again, health-gated',
  options: ENV_ONLY,
  positionals: [1, 1],
  invocation: ({ args }) => invoke(startOperation, targetOfArgs(args), render.started),
};

/** The words of the rm operation: refused without --yes. */
export const rmCommand: CommandSpec = {
  name: 'rm',
  usage: 'rm SERVICE [--env NAME] [--purge] --yes',
  summary: 'remove a service: route, containers, images (volumes are kept)',
  options: { ...ENV_ONLY, purge: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } },
  positionals: [1, 1],
  invocation: ({ args }) => {
    const request = {
      ...targetOfArgs(args),
      confirmed: flagOf(args, 'yes'),
      purge: flagOf(args, 'purge'),
    };
    return invoke(rmOperation, request, render.removed);
  },
};
