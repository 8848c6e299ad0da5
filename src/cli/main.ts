// Builds the commander program, runs it, and turns any error into text and an exit code.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { respectNoColor } from './no-color.js';
import { reportError } from './report-error.js';
import { registerParse } from './commands/parse.js';
import { registerKey } from './commands/key.js';
import { registerPush } from './commands/push.js';
import { registerRemote } from './commands/remote.js';
import { registerServer } from './commands/server.js';
import { programHelp } from './help.js';

export { endQuietlyOnClosedOutput } from './closed-output.js';

/** Runs the CLI with `argv` (process.argv shape) and returns the exit code; never calls process.exit. */
export async function main(argv: readonly string[]): Promise<number> {
  respectNoColor();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    return reportError(err, process.stderr);
  }
}

function buildProgram(): Command {
  const program = new Command('mypaas')
    .description('Deploy Dockerfile apps to your own server with zero downtime.')
    .version(readVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage and examples)')
    .configureOutput({ outputError: (text, write) => write(text) });
  programHelp(program);
  registerParse(program);
  registerPush(program);
  registerRemote(program);
  registerKey(program);
  registerServer(program);
  return program;
}

function readVersion(): string {
  const pkg = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(pkg) as { version: string }).version;
}
