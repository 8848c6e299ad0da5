// Renders deploy progress in a terminal: steps in bold, build output dimmed, warnings in yellow.
import chalk from 'chalk';
import type { DeployOutput } from '../daemon/deploy/deploy-output.js';

/** Deploy output for people; `quiet` drops build lines (e.g. with --json). */
export function terminalOutput(
  stream: NodeJS.WritableStream,
  options: { quiet?: boolean } = {},
): DeployOutput {
  return {
    step: (text) => stream.write(`${chalk.bold('==>')} ${text}\n`),
    build: (line) => {
      if (!options.quiet) stream.write(`${chalk.dim(line)}\n`);
    },
    warn: (text) => stream.write(`${chalk.yellow('warning:')} ${text}\n`),
  };
}
