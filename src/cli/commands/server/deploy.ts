// `mypaas server deploy DIR`: build and deploy an app directory on this host.
import type { Command } from 'commander';
import chalk from 'chalk';
import { envOption, jsonOption, printJson } from '../../options.js';
import { terminalOutput } from '../../terminal-output.js';
import { localActor, withEngine } from '../../with-engine.js';

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
      const { deployDirectory } = await import('../../../daemon/deploy/deploy-directory.js');
      const { deploySummary, liveText } = await import('../../../daemon/deploy/deploy-summary.js');
      await withEngine(async (engine) => {
        const output = terminalOutput(options.json ? process.stderr : process.stdout);
        const request = {
          dir,
          env: options.env,
          trigger: 'server-deploy' as const,
          actor: localActor(),
        };
        const summary = deploySummary(await deployDirectory(engine, request, output));
        if (options.json) return printJson(summary);
        process.stdout.write(liveText(summary, chalk.green('✓')));
      });
    });
}
