// `mypaas server stop|start|rm SERVICE`.
import type { Command } from 'commander';
import { render } from '../../../core/render-results.js';
import { envOption } from '../../options.js';
import { runOnHost } from '../../run-on-host.js';

/** Adds `server stop`, `server start` and `server rm`. */
export function registerServerLifecycle(server: Command): void {
  server
    .command('stop')
    .description('take a service out of the proxy and stop its containers (kept for start)')
    .argument('<service>')
    .addOption(envOption())
    .addHelpText('after', '\nExamples:\n  $ mypaas server stop hello\n')
    .action(async (service: string, options: { env: string }) => {
      const { stopOperation } = await import('../../../daemon/operations/lifecycle.js');
      await runOnHost(stopOperation, { service, env: options.env }, { text: render.stopped });
    });
  server
    .command('start')
    .description('start a stopped service again, health-gated, and route to it')
    .argument('<service>')
    .addOption(envOption())
    .addHelpText('after', '\nExamples:\n  $ mypaas server start hello\n')
    .action(async (service: string, options: { env: string }) => {
      const { startOperation } = await import('../../../daemon/operations/lifecycle.js');
      await runOnHost(startOperation, { service, env: options.env }, { text: render.started });
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
      const { rmOperation } = await import('../../../daemon/operations/lifecycle.js');
      const request = {
        service,
        env: options.env,
        confirmed: options.yes === true,
        purge: options.purge === true,
      };
      await runOnHost(rmOperation, request, { text: render.removed });
    });
}
