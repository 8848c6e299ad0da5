// `mypaas status SERVER [SERVICE]`: what runs on a server, asked over SSH.
import type { Command } from 'commander';
import { envOption, jsonOption } from '../../options.js';
import { identityOption, runRemote, SERVER_HELP, type RemoteOptions } from './run-remote.js';

/** Adds `status`. */
export function registerRemoteStatus(program: Command): void {
  program
    .command('status')
    .description('show the services on a server: state, live release, containers, urls')
    .argument('<server>', SERVER_HELP)
    .argument('[service]', 'only this service')
    .addOption(envOption().default(undefined, 'every environment'))
    .addOption(jsonOption())
    .addOption(identityOption())
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas status prod
  $ mypaas status deploy@203.0.113.7 hello --json
  $ mypaas status prod hello --env staging`,
    )
    .action(async (server: string, service: string | undefined, options: RemoteOptions) => {
      const words = ['status', ...(service ? [service] : [])];
      await runRemote(
        server,
        [...words, ...(options.env ? ['--env', options.env] : [])],
        'status',
        options,
      );
    });
}
