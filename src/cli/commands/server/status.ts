// `mypaas server status [SERVICE]`: what runs on this host.
import type { Command } from 'commander';
import { render } from '../../../core/render-results.js';
import { envOption, jsonOption } from '../../options.js';
import { runOnHost } from '../../run-on-host.js';

/** Adds `server status`. */
export function registerServerStatus(server: Command): void {
  server
    .command('status')
    .description('show services, their live release, containers and urls')
    .argument('[service]', 'only this service')
    .addOption(envOption().default(undefined, 'every environment'))
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas server status
  $ mypaas server status hello --json

STATE is running or stopped for a live service; deploying, failed (no deployment went live: the
last one's error is shown under the table) or never live otherwise. An unknown SERVICE exits 1.
Without Docker the services are still listed, their containers shown as unknown.
With the haproxy driver, an https host whose certificate is not issued yet or failing is shown
under the table, with the CA's reason and the next try (--json: "certificates").
`,
    )
    .action(async (service: string | undefined, options: { env?: string; json?: boolean }) => {
      const { statusOperation } = await import('../../../daemon/operations/status.js');
      await runOnHost(
        statusOperation,
        { service, env: options.env },
        { json: options.json, text: (list, style) => render.statuses(list, style, service) },
      );
    });
}
