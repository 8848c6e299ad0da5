// `mypaas server deploy DIR`: build and deploy an app directory on this host.
import type { Command } from 'commander';
import { render } from '../../../core/render-results.js';
import { envOption, jsonOption } from '../../options.js';
import { runOnHost } from '../../run-on-host.js';

/** Adds `server deploy`. */
export function registerServerDeploy(server: Command): void {
  server
    .command('deploy')
    .description('build an app directory and make it live on this host, health-gated')
    .argument('<dir>', 'the app directory, holding a Dockerfile with # mypaas.* comments')
    .addOption(envOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas server deploy ./app
  $ mypaas server deploy ./app --env staging --json

Exits 0 only when the new release is live. On any failure before the switch the old release keeps
serving, untouched.`,
    )
    .action(async (dir: string, options: { env: string; json?: boolean }) => {
      const { deployOperation } = await import('../../../daemon/operations/deploy.js');
      const request = { dir, env: options.env, trigger: 'server-deploy' as const };
      await runOnHost(deployOperation, request, { json: options.json, text: render.live });
    });
}
