// `rollback` and `redeploy`: make an existing release live again through the health-gated swap.
import { render } from '../../../core/render-results.js';
import { redeployOperation, rollbackOperation } from '../../operations/release-again.js';
import { targetOfArgs } from '../command-args.js';
import { invoke, type CommandSpec } from '../command.js';

/** The words of the rollback operation. */
export const rollbackCommand: CommandSpec = {
  name: 'rollback',
  usage: 'rollback SERVICE [RELEASE] [--env NAME]',
  summary: 'make an earlier release live again (default: the one before the live one)',
  options: { env: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 2],
  invocation: ({ args }) => {
    const release = args.positionals[1];
    const request = { ...targetOfArgs(args), ...(release ? { release } : {}) };
    return invoke(rollbackOperation, request, render.live);
  },
};

/** The words of the redeploy operation. */
export const redeployCommand: CommandSpec = {
  name: 'redeploy',
  usage: 'redeploy SERVICE [--env NAME]',
  summary: 'fresh containers of the live release, with the current env vars',
  options: { env: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [1, 1],
  invocation: ({ args }) => invoke(redeployOperation, targetOfArgs(args), render.live),
};
