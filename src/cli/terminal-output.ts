// Renders deploy progress in a terminal: steps in bold, build output dimmed, warnings in yellow.
import chalk from 'chalk';
import type { DeployOutput } from '../daemon/deploy/deploy-output.js';
import { terminalSafe } from './terminal-safe.js';

/** Deploy output for people; `quiet` drops build lines (e.g. with --json). */
export function terminalOutput(
  stream: NodeJS.WritableStream,
  options: { quiet?: boolean } = {},
): DeployOutput {
  // Build lines are the app's own output; steps and warnings may quote it.
  const safe = terminalSafe(stream);
  return {
    step: (text) => stream.write(`${chalk.bold('==>')} ${safe(text)}\n`),
    build: (line) => {
      if (!options.quiet) stream.write(`${chalk.dim(safe(line))}\n`);
    },
    warn: (text) => stream.write(`${chalk.yellow('warning:')} ${safe(text)}\n`),
  };
}
