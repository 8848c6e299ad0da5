// Keeps a deployment's output in build_log_lines, so `server logs --deployment` can show it later.
import { isMypaasError } from '../../core/errors.js';
import type { Engine } from '../engine.js';
import { appendLogLine, readLog } from '../state/build-log.js';
import type { DeployOutput } from './deploy-output.js';

/** An output that stores build lines as `build` and steps and warnings as `deploy`. */
export function deploymentLog(engine: Engine, deploymentId: number): DeployOutput {
  const add = (stream: 'build' | 'deploy', line: string) =>
    appendLogLine(engine.db, deploymentId, stream, line, engine.now());
  return {
    step: (text) => add('deploy', text),
    build: (line) => add('build', line),
    warn: (text) => add('deploy', `warning: ${text}`),
  };
}

/** The stored log's last lines of a failure: the reason, details and hint (which never carry
 * secret values), as the client was shown them. Written before the status, for followers. */
export function recordFailure(engine: Engine, deploymentId: number, err: unknown): void {
  const add = (line: string) =>
    appendLogLine(engine.db, deploymentId, 'deploy', line, engine.now());
  add(`deployment #${deploymentId} failed: ${isMypaasError(err) ? err.message : String(err)}`);
  if (!isMypaasError(err)) return;
  // A build failure's details are its last output lines, stored already as they came.
  const stored = new Set(readLog(engine.db, deploymentId, { tail: 100 }).map((l) => l.line));
  err.details.filter((line) => !stored.has(line)).forEach((line) => add(`  ${line}`));
  if (err.hint) add(`hint: ${err.hint}`);
}
