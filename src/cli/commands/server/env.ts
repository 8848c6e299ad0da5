// `mypaas server env SERVICE set|unset|list`: per-service variables, applied on the next deploy.
import type { Command } from 'commander';
import { parseEnvPair } from '../../../core/env-pair.js';
import { MypaasError } from '../../../core/errors.js';
import { render } from '../../../core/render-results.js';
import { envOption, jsonOption } from '../../options.js';
import { runOnHost } from '../../run-on-host.js';

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
      const ops = await import('../../../daemon/operations/env.js');
      const target = { service, env: options.env };
      const print = { json: options.json, text: render.envChange };
      if (action === 'set') {
        const vars = Object.fromEntries(args.map(parseEnvPair));
        return runOnHost(ops.envSetOperation, { ...target, vars }, print);
      }
      if (action === 'unset')
        return runOnHost(ops.envUnsetOperation, { ...target, keys: args }, print);
      if (action === 'list') {
        const request = { ...target, reveal: options.reveal === true };
        return runOnHost(ops.envListOperation, request, {
          json: options.json,
          text: render.envList,
        });
      }
      throw new MypaasError('USAGE', `unknown env action ${JSON.stringify(action)}`, {
        hint: `use set, unset or list, e.g. mypaas server env ${service} set KEY=VALUE`,
      });
    });
}

interface EnvOptions {
  env: string;
  reveal?: boolean;
  json?: boolean;
}
