// `mypaas rollback` and `mypaas redeploy`: make an existing release live again, over SSH.
import type { Command } from 'commander';
import { envOption, jsonOption } from '../../options.js';
import { identityOption, runRemote, SERVER_HELP, type RemoteOptions } from './run-remote.js';

/** Adds `rollback` and `redeploy`. */
export function registerRemoteReleaseAgain(program: Command): void {
  program
    .command('rollback')
    .description('make an earlier release live again, through the same health-gated swap')
    .argument('<server>', SERVER_HELP)
    .argument('<service>')
    .argument('[release]', 'the release id (default: the one live before the current one)')
    .addOption(envOption())
    .addOption(jsonOption())
    .addOption(identityOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mypaas rollback prod hello\n  $ mypaas rollback prod hello 20261122-011616-a3f9\n\nExits 0 only when the release is live again.\n',
    )
    .action(
      async (
        server: string,
        service: string,
        release: string | undefined,
        options: RemoteOptions,
      ) => {
        const words = [
          'rollback',
          service,
          ...(release ? [release] : []),
          '--env',
          options.env ?? 'production',
        ];
        await runRemote(server, words, 'live', options);
      },
    );
  program
    .command('redeploy')
    .description('start fresh containers of the live release, with the current env vars')
    .argument('<server>', SERVER_HELP)
    .argument('<service>')
    .addOption(envOption())
    .addOption(jsonOption())
    .addOption(identityOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mypaas env prod hello set LOG_LEVEL=debug && mypaas redeploy prod hello\n',
    )
    .action(async (server: string, service: string, options: RemoteOptions) => {
      const words = ['redeploy', service, '--env', options.env ?? 'production'];
      await runRemote(server, words, 'live', options);
    });
}
