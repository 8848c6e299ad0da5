// `env SERVICE set KEY=VALUE… | unset KEY… | list [--reveal]`: per-service variables.
import { parseEnvPair } from '../../../core/env-pair.js';
import { MypaasError } from '../../../core/errors.js';
import { listEnvVars, setEnvVars, unsetEnvVars } from '../../state/env-vars.js';
import { envOf, flagOf, positional, targetOf } from '../command-args.js';
import type { CommandContext, CommandResult, CommandSpec } from '../command.js';

const CHANGES = new Set(['set', 'unset']);

/** Mirrors `mypaas server env`; values are applied by the next deploy or redeploy. */
export const envCommand: CommandSpec = {
  name: 'env',
  usage: 'env SERVICE set KEY=VALUE… | unset KEY… | list [--reveal] [--env NAME]',
  summary: 'set, unset or list env vars of a service (applied on the next deploy)',
  options: { env: { type: 'string' }, reveal: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [2, 1000],
  changes: (args) => CHANGES.has(positional(args, 1)),
  service: (args) => positional(args, 0),
  audit: (args) => ({
    command: `env ${positional(args, 1)}`,
    target: targetOf(positional(args, 0), envOf(args)),
  }),
  run: (ctx) => {
    const action = positional(ctx.args, 1);
    const run = ACTIONS[action];
    if (!run) {
      throw new MypaasError('USAGE', `unknown env action ${JSON.stringify(action)}`, {
        hint: `use set, unset or list, e.g. env ${positional(ctx.args, 0)} set KEY=VALUE`,
      });
    }
    return Promise.resolve(run(ctx, positional(ctx.args, 0), envOf(ctx.args)));
  },
};

type Action = (ctx: CommandContext, service: string, env: string) => CommandResult;

const ACTIONS: Record<string, Action> = {
  set: (ctx, service, env) => {
    const pairs = ctx.args.positionals.slice(2);
    if (pairs.length === 0) throw usage('set needs KEY=VALUE pairs', service);
    const vars = Object.fromEntries(pairs.map(parseEnvPair));
    setEnvVars(ctx.engine.db, service, env, vars, ctx.engine.now());
    const keys = Object.keys(vars);
    return {
      data: { service, env, set: keys },
      text: `set ${keys.join(', ')} for ${targetOf(service, env)}; run redeploy ${service} to apply\n`,
      detail: `set ${keys.join(', ')}`,
    };
  },
  unset: (ctx, service, env) => {
    const keys = ctx.args.positionals.slice(2);
    if (keys.length === 0) throw usage('unset needs the names to remove', service);
    const missing = unsetEnvVars(ctx.engine.db, service, env, keys);
    const removed = keys.filter((k) => !missing.includes(k));
    if (missing.length > 0) ctx.out.warn(`not set, nothing to unset: ${missing.join(', ')}`);
    const text =
      removed.length === 0
        ? ''
        : `unset ${removed.join(', ')} for ${targetOf(service, env)}; run redeploy ${service} to apply\n`;
    return {
      data: { service, env, unset: removed, missing },
      text,
      detail: `unset ${removed.join(', ')}`,
    };
  },
  list: (ctx, service, env) => {
    const vars = listEnvVars(ctx.engine.db, service, env);
    const shown = Object.fromEntries(
      Object.entries(vars).map(([k, v]) => [k, flagOf(ctx.args, 'reveal') ? v : '********']),
    );
    const text = Object.entries(shown)
      .map(([k, v]) => `${k}=${v}\n`)
      .join('');
    return { data: shown, text };
  },
};

function usage(message: string, service: string): MypaasError {
  return new MypaasError('USAGE', message, { hint: `e.g. env ${service} set LOG_LEVEL=debug` });
}
