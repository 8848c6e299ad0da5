// `mypaas stop|start|rm SERVER SERVICE`, over SSH; they report what they did, so no --json.
import type { Command } from 'commander';
import { MypaasError } from '../../../core/errors.js';
import { envOption } from '../../options.js';
import { identityOption, runRemote, SERVER_HELP, type RemoteOptions } from './run-remote.js';

/** Adds `stop`, `start` and `rm`. */
export function registerRemoteLifecycle(program: Command): void {
  const simple = [
    ['stop', 'take a service out of the proxy and stop its containers (kept for start)'],
    ['start', 'start a stopped service again, health-gated, and route to it'],
  ] as const;
  for (const [name, description] of simple) {
    program
      .command(name)
      .description(description)
      .argument('<server>', SERVER_HELP)
      .argument('<service>')
      .addOption(envOption())
      .addOption(identityOption())
      .addHelpText(
        'after',
        `\nExamples:\n  $ mypaas ${name} prod hello\n  $ mypaas ${name} prod hello --env staging\n`,
      )
      .action(async (server: string, service: string, options: RemoteOptions) => {
        const words = [name, service, '--env', options.env ?? 'production'];
        await runRemote(server, words, name, options);
      });
  }
  program
    .command('rm')
    .description(
      'remove a service from a server: its route, containers and release images (volumes are kept)',
    )
    .argument('<server>', SERVER_HELP)
    .argument('<service>')
    .addOption(envOption())
    .option('--purge', 'also forget its deployment history and build logs')
    .option('-y, --yes', 'confirm; rm refuses to run without it')
    .addOption(identityOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mypaas rm prod hello --yes\n  $ mypaas rm prod hello --env staging --purge --yes\n',
    )
    .action(
      async (
        server: string,
        service: string,
        options: RemoteOptions & { purge?: boolean; yes?: boolean },
      ) => {
        const env = options.env ?? 'production';
        if (!options.yes) {
          throw new MypaasError(
            'USAGE',
            `rm removes ${service} (${env}) from ${server} with its containers and images`,
            {
              hint: `run again with --yes to confirm: mypaas rm ${server} ${service} --yes`,
            },
          );
        }
        const words = ['rm', service, '--env', env, ...(options.purge ? ['--purge'] : []), '--yes'];
        await runRemote(server, words, 'rm', options);
      },
    );
}
