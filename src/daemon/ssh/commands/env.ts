// `env SERVICE set KEY=VALUE… | unset KEY… | list [--reveal]`: per-service variables.
import { parseEnvPair } from '../../../core/env-pair.js';
import { MypaasError } from '../../../core/errors.js';
import { render } from '../../../core/render-results.js';
import { envListOperation, envSetOperation, envUnsetOperation } from '../../operations/env.js';
import { flagOf, positional, targetOfArgs } from '../command-args.js';
import { invoke, type CommandArgs, type CommandSpec, type Invocation } from '../command.js';

/** The words of the env operations; values are applied by the next deploy or redeploy. */
export const envCommand: CommandSpec = {
  name: 'env',
  usage: 'env SERVICE set KEY=VALUE… | unset KEY… | list [--reveal] [--env NAME]',
  summary: 'set, unset or list env vars of a service (applied on the next deploy)',
  options: { env: { type: 'string' }, reveal: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [2, 1000],
  invocation: ({ args }) => {
    const action = positional(args, 1);
    const words = ACTIONS[action];
    if (!words) {
      throw new MypaasError('USAGE', `unknown env action ${JSON.stringify(action)}`, {
        hint: `use set, unset or list, e.g. env ${positional(args, 0)} set KEY=VALUE`,
      });
    }
    return words(args, args.positionals.slice(2));
  },
};

const ACTIONS: Record<string, (args: CommandArgs, rest: string[]) => Invocation> = {
  set: (args, pairs) =>
    invoke(
      envSetOperation,
      { ...targetOfArgs(args), vars: Object.fromEntries(pairs.map(parseEnvPair)) },
      render.envChange,
    ),
  unset: (args, keys) =>
    invoke(envUnsetOperation, { ...targetOfArgs(args), keys }, render.envChange),
  list: (args) =>
    invoke(
      envListOperation,
      { ...targetOfArgs(args), reveal: flagOf(args, 'reveal') },
      render.envList,
    ),
};
