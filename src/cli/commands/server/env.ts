// `mypaas server env SERVICE set|unset|list`: per-service variables, applied on the next deploy.
import type { Command } from 'commander';
import { parseEnvPair } from '../../../core/env-pair.js';
import { MypaasError } from '../../../core/errors.js';
import type { Engine } from '../../../daemon/engine.js';
import { listEnvVars, setEnvVars, unsetEnvVars } from '../../../daemon/state/env-vars.js';
import { envOption, jsonOption, printJson } from '../../options.js';
import { withEngine } from '../../with-engine.js';

/** Adds `server env SERVICE set|unset|list`. */
export function registerServerEnv(server: Command): void {
  server
    .command('env')
    .description(
      'set, unset or list env vars of a service (applied on the next deploy or redeploy)',
    )
    .argument('<service>')
    .argument('<action>', 'set KEY=VALUE…, unset KEY…, or list')
    .argument('[args...]')
    .addOption(envOption())
    .option('--reveal', 'list: show the values (they are masked by default)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas server env hello set LOG_LEVEL=debug API_URL=https://api.example.com
  $ mypaas server env hello unset LOG_LEVEL
  $ mypaas server env hello list --reveal
  $ mypaas server redeploy hello        # apply the change`,
    )
    .action(async (service: string, action: string, args: string[], options: EnvOptions) => {
      const run = ACTIONS[action];
      if (!run) {
        throw new MypaasError('USAGE', `unknown env action ${JSON.stringify(action)}`, {
          hint: `use set, unset or list, e.g. mypaas server env ${service} set KEY=VALUE`,
        });
      }
      await withEngine((engine) => run({ engine, service, args, options }));
    });
}

interface EnvOptions {
  env: string;
  reveal?: boolean;
  json?: boolean;
}

interface ActionInput {
  engine: Engine;
  service: string;
  args: string[];
  options: EnvOptions;
}

const ACTIONS: Record<string, (input: ActionInput) => void> = {
  set: ({ engine, service, args, options }) => {
    if (args.length === 0) throw usage(`set needs KEY=VALUE pairs`, service);
    const vars = Object.fromEntries(args.map(parseEnvPair));
    setEnvVars(engine.db, service, options.env, vars, engine.now());
    process.stdout.write(
      `set ${Object.keys(vars).join(', ')} for ${service} (${options.env}); run mypaas server redeploy ${service} to apply\n`,
    );
  },
  unset: ({ engine, service, args, options }) => {
    if (args.length === 0) throw usage('unset needs the names to remove', service);
    const missing = unsetEnvVars(engine.db, service, options.env, args);
    const removed = args.filter((k) => !missing.includes(k));
    if (missing.length > 0)
      process.stderr.write(`not set, nothing to unset: ${missing.join(', ')}\n`);
    if (removed.length > 0) {
      process.stdout.write(
        `unset ${removed.join(', ')} for ${service} (${options.env}); run mypaas server redeploy ${service} to apply\n`,
      );
    }
  },
  list: ({ engine, service, options }) => {
    const vars = listEnvVars(engine.db, service, options.env);
    const shown = Object.fromEntries(
      Object.entries(vars).map(([k, v]) => [k, options.reveal ? v : '********']),
    );
    if (options.json) return printJson(shown);
    for (const [k, v] of Object.entries(shown)) process.stdout.write(`${k}=${v}\n`);
  },
};

function usage(message: string, service: string): MypaasError {
  return new MypaasError('USAGE', message, {
    hint: `e.g. mypaas server env ${service} set LOG_LEVEL=debug`,
  });
}
