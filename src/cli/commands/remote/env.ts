// `mypaas env SERVER SERVICE set|unset|list`: a service's variables on a server, applied on the next deploy.
import type { Command } from 'commander';
import { MypaasError } from '../../../core/errors.js';
import { envOption, jsonOption } from '../../options.js';
import { identityOption, runRemote, SERVER_HELP, type RemoteOptions } from './run-remote.js';

/** Adds `env SERVER SERVICE set|unset|list`. */
export function registerRemoteEnv(program: Command): void {
  program
    .command('env')
    .description(
      'set, unset or list env vars of a service (applied on the next deploy or redeploy)',
    )
    .argument('<server>', SERVER_HELP)
    .argument('<service>')
    .argument('<action>', 'set KEY=VALUE…, unset KEY…, or list')
    .argument('[args...]')
    .addOption(envOption())
    .option('--reveal', 'list: show the values (they are masked by default)')
    .addOption(jsonOption())
    .addOption(identityOption())
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas env prod hello set LOG_LEVEL=debug 'GREETING=hello world'
  $ mypaas env prod hello unset LOG_LEVEL
  $ mypaas env prod hello list --reveal --json
  $ mypaas redeploy prod hello        # apply the change`,
    )
    .action(
      async (
        server: string,
        service: string,
        action: string,
        args: string[],
        options: EnvOptions,
      ) => {
        checkArgs(service, action, args);
        const words = [
          'env',
          service,
          action,
          ...args,
          '--env',
          options.env ?? 'production',
          ...(options.reveal ? ['--reveal'] : []),
        ];
        await runRemote(server, words, action === 'list' ? 'env-list' : 'env-change', options);
      },
    );
}

interface EnvOptions extends RemoteOptions {
  reveal?: boolean;
}

// Catches what is wrong before connecting; the daemon checks the names themselves.
function checkArgs(service: string, action: string, args: string[]): void {
  const example = `e.g. mypaas env SERVER ${service} set LOG_LEVEL=debug`;
  if (!['set', 'unset', 'list'].includes(action)) {
    throw new MypaasError('USAGE', `unknown env action ${JSON.stringify(action)}`, {
      hint: `use set, unset or list, ${example}`,
    });
  }
  if (action === 'set' && (args.length === 0 || args.some((a) => !/^[^=]+=/.test(a)))) {
    const bad = args.find((a) => !/^[^=]+=/.test(a));
    throw new MypaasError(
      'USAGE',
      bad === undefined
        ? 'set needs KEY=VALUE pairs'
        : `${JSON.stringify(bad)} is not a KEY=VALUE pair`,
      { hint: example },
    );
  }
  if (action === 'unset' && args.length === 0)
    throw new MypaasError('USAGE', 'unset needs the names to remove', {
      hint: `e.g. mypaas env SERVER ${service} unset LOG_LEVEL`,
    });
  if (action === 'list' && args.length > 0)
    throw new MypaasError('USAGE', 'list takes no arguments', {
      hint: `e.g. mypaas env SERVER ${service} list --reveal`,
    });
}
