// `mypaas server …`: the commands that run on the host itself.
import type { Command } from 'commander';
import { registerServerAudit } from './server/audit.js';
import { registerServerDaemon } from './server/daemon.js';
import { registerServerDeploy } from './server/deploy.js';
import { registerServerDeployments } from './server/deployments.js';
import { registerServerEnv } from './server/env.js';
import { registerServerKeys } from './server/keys.js';
import { registerServerInit } from './server/init.js';
import { registerServerLifecycle } from './server/lifecycle.js';
import { registerServerLogs } from './server/logs.js';
import { registerServerReleaseAgain } from './server/release-again.js';
import { registerServerStatus } from './server/status.js';

/** Adds the `server` command group. */
export function registerServer(program: Command): void {
  const server = program
    .command('server')
    .description('commands to run on the host: deploy, status, logs, rollback, env, …')
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas server deploy ./app
  $ mypaas server status
  $ mypaas server rollback hello

State lives in $MYPAAS_HOME (default ~/_mypaas): config.toml and mypaas.db.`,
    );
  registerServerInit(server);
  registerServerDeploy(server);
  registerServerStatus(server);
  registerServerDeployments(server);
  registerServerLogs(server);
  registerServerReleaseAgain(server);
  registerServerEnv(server);
  registerServerLifecycle(server);
  registerServerDaemon(server);
  registerServerKeys(server);
  registerServerAudit(server);
}
