// `mypaas deployments SERVER SERVICE`: a service's deploy history, asked over SSH.
import type { Command } from 'commander';
import { envOption, jsonOption, wholeNumber } from '../../options.js';
import { identityOption, runRemote, SERVER_HELP, type RemoteOptions } from './run-remote.js';

/** Adds `deployments`. */
export function registerRemoteDeployments(program: Command): void {
  program
    .command('deployments')
    .description('list the deployments of a service on a server, newest first')
    .argument('<server>', SERVER_HELP)
    .argument('<service>')
    .addOption(envOption())
    .option('--limit <n>', 'how many (the server shows 20 unless told)', wholeNumber('limit', 1))
    .addOption(jsonOption())
    .addOption(identityOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mypaas deployments prod hello\n  $ mypaas deployments prod hello --env staging --limit 5 --json\n',
    )
    .action(
      async (server: string, service: string, options: RemoteOptions & { limit?: number }) => {
        const limit = options.limit === undefined ? [] : ['--limit', String(options.limit)];
        const words = ['deployments', service, '--env', options.env ?? 'production', ...limit];
        await runRemote(server, words, 'deployments', options);
      },
    );
}
