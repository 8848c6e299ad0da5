// `mypaas server rollback` and `redeploy`: make an existing release live again.
import type { Command } from 'commander';
import chalk from 'chalk';
import type { ReleaseChoice } from '../../../daemon/deploy/deploy-release.js';
import { envOption, jsonOption, printJson } from '../../options.js';
import { terminalOutput } from '../../terminal-output.js';
import { localActor, withEngine } from '../../with-engine.js';

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
      const choice: ReleaseChoice = release ? { kind: 'named', id: release } : { kind: 'previous' };
      await run(service, choice, 'rollback', options);
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
    .action(async (service: string, options: Options) =>
      run(service, { kind: 'live' }, 'redeploy', options),
    );
}

interface Options {
  env: string;
  json?: boolean;
}

async function run(
  service: string,
  choice: ReleaseChoice,
  trigger: 'rollback' | 'redeploy',
  options: Options,
) {
  const { deployRelease } = await import('../../../daemon/deploy/deploy-release.js');
  await withEngine(async (engine) => {
    const output = terminalOutput(options.json ? process.stderr : process.stdout);
    const request = { service, env: options.env, choice, trigger, actor: localActor() };
    const { deployment, release } = await deployRelease(engine, request, output);
    if (options.json)
      return printJson({
        service,
        env: options.env,
        deployment: deployment.id,
        release: release.id,
      });
    process.stdout.write(
      `${chalk.green('✓')} ${service} is live: release ${release.id} (deployment #${deployment.id})\n`,
    );
  });
}
