// The shape of one operation: a typed request in, typed data out, for every way in (the host CLI,
// SSH, the HTTP API). Who may run it and what the audit log says are declared here, checked in
// perform.ts, so no transport can skip them.
import type { CommandVoice } from '../../core/render-results.js';
import type { DeployOutput } from '../deploy/deploy-output.js';
import type { Engine } from '../engine.js';
import type { Principal } from './principal.js';

/** The service and environment an operation acts on. */
export interface Target {
  service: string;
  env: string;
}

/** Where an operation reports progress: deploy steps, warnings, and lines (logs). */
export interface OperationOutput extends DeployOutput {
  line(text: string): void;
}

/** What an operation runs with. */
export interface OperationContext {
  engine: Engine;
  principal: Principal;
  out: OperationOutput;
  /** Aborted when the asker goes away or the daemon stops. */
  signal: AbortSignal;
  /** How the asker writes a command, for hints: `mypaas server deployments web`, `deployments web`. */
  voice: CommandVoice;
  /** Names the target in the audit log when only the operation learns it (a pushed Dockerfile). */
  setTarget(target: Target): void;
}

/** An operation's answer, and the audit log's one line about it (never a secret value). */
export interface Done<Result> {
  result: Result;
  detail?: string;
}

/** One operation. */
export interface Operation<Request, Result> {
  /** Its name in the audit log and in refusals: `stop`, `env set`, `keys list`. */
  name: string;
  /** Only admins may run it. */
  adminOnly?: boolean;
  /** It changes something: audited, and refused while the daemon stops. */
  changes: boolean;
  /** The service it acts on, checked against a deployer's services before it runs. */
  target?(request: Request): Target | undefined;
  run(ctx: OperationContext, request: Request): Promise<Done<Result>>;
}

/** `web (production)`: how targets read in the audit log and messages. */
export function targetText({ service, env }: Target): string {
  return `${service} (${env})`;
}
