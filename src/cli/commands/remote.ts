// The commands that act on a server over SSH: status, deployments, logs, rollback, redeploy, env, stop…, audit
import type { Command } from 'commander';
import { registerRemoteAudit } from './remote/audit.js';
import { registerRemoteDeployments } from './remote/deployments.js';
import { registerRemoteEnv } from './remote/env.js';
import { registerRemoteLifecycle } from './remote/lifecycle.js';
import { registerRemoteLogs } from './remote/logs.js';
import { registerRemoteReleaseAgain } from './remote/release-again.js';
import { registerRemoteStatus } from './remote/status.js';

/** Adds the remote commands next to `push`; each sends one command to the daemon and prints its answer. */
export function registerRemote(program: Command): void {
  registerRemoteStatus(program);
  registerRemoteDeployments(program);
  registerRemoteLogs(program);
  registerRemoteReleaseAgain(program);
  registerRemoteEnv(program);
  registerRemoteLifecycle(program);
  registerRemoteAudit(program);
}
