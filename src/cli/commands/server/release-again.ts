// `mypaas server rollback` and `redeploy`: make an existing release live again.
import type { Command } from 'commander';
import { render } from '../../../core/render-results.js';
import { envOption, jsonOption } from '../../options.js';
import { runOnHost } from '../../run-on-host.js';

/** Adds `server rollback` and `server redeploy`. */
export function registerServerReleaseAgain(server: Command): void {
  server
    .command('rollback')
    .description('make an earlier release live again, through the same health-gated swap')
    .argument('<service>')
    .argument('[release]', 'the release id (default: the one live before the current one)')
    .addOption(envOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mypaas server rollback hello\n  $ mypaas server rollback hello 20261122-011616-a3f9\n',
    )
    .action(async (service: string, release: string | undefined, options: Options) => {
      const { rollbackOperation } = await import('../../../daemon/operations/release-again.js');
      const request = { service, env: options.env, ...(release ? { release } : {}) };
      await runOnHost(rollbackOperation, request, { json: options.json, text: render.live });
    });
  server
    .command('redeploy')
    .description('start fresh containers of the live release, with the current env vars')
    .argument('<service>')
    .addOption(envOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mypaas server env hello set LOG_LEVEL=debug && mypaas server redeploy hello\n',
    )
    .action(async (service: string, options: Options) => {
      const { redeployOperation } = await import('../../../daemon/operations/release-again.js');
      const request = { service, env: options.env };
      await runOnHost(redeployOperation, request, { json: options.json, text: render.live });
    });
}

interface Options {
  env: string;
  json?: boolean;
}
