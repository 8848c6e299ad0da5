// Keeps a deployment's output in build_log_lines, so `server logs --deployment` can show it later.
import type { Engine } from '../engine.js';
import { appendLogLine } from '../state/build-log.js';
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
