// `mypaas server stop|start|rm SERVICE`.
import type { Command } from 'commander';
import { MypaasError } from '../../../core/errors.js';
import { envOption } from '../../options.js';
import { terminalOutput } from '../../terminal-output.js';
import { withEngine } from '../../with-engine.js';

/** Adds `server stop`, `server start` and `server rm`. */
export function registerServerLifecycle(server: Command): void {
  server
    .command('stop')
    .description('take a service out of the proxy and stop its containers (kept for start)')
    .argument('<service>')
    .addOption(envOption())
    .addHelpText('after', '\nExamples:\n  $ mypaas server stop hello\n')
    .action(async (service: string, options: { env: string }) => {
      const { stopService } = await import('../../../daemon/service-control.js');
      await withEngine((engine) =>
        stopService(engine, service, options.env, terminalOutput(process.stdout)),
      );
    });
  server
    .command('start')
    .description('start a stopped service again, health-gated, and route to it')
    .argument('<service>')
    .addOption(envOption())
    .addHelpText('after', '\nExamples:\n  $ mypaas server start hello\n')
    .action(async (service: string, options: { env: string }) => {
      const { startService } = await import('../../../daemon/service-control.js');
      await withEngine((engine) =>
        startService(engine, service, options.env, terminalOutput(process.stdout)),
      );
    });
  server
    .command('rm')
    .description('remove a service: its route, containers and release images (volumes are kept)')
    .argument('<service>')
    .addOption(envOption())
    .option('--purge', 'also forget its deployment history and build logs')
    .option('-y, --yes', 'confirm; rm refuses to run without it')
    .addHelpText(
      'after',
      '\nExamples:\n  $ mypaas server rm hello --yes\n  $ mypaas server rm hello --env staging --purge --yes\n',
    )
    .action(async (service: string, options: { env: string; purge?: boolean; yes?: boolean }) => {
      if (!options.yes) {
        throw new MypaasError(
          'USAGE',
          `rm removes ${service} (${options.env}) with its containers and images`,
          {
            hint: `run again with --yes to confirm: mypaas server rm ${service} --yes`,
          },
        );
      }
      const { removeService } = await import('../../../daemon/service-control.js');
      await withEngine((engine) =>
        removeService(engine, service, options.env, terminalOutput(process.stdout), {
          purge: options.purge ?? false,
        }),
      );
    });
}
