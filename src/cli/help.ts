// The program-level help text: what mypaas is and the commands most people need first.
import type { Command } from 'commander';

/** Adds the examples block shown under `mypaas --help`. */
export function programHelp(program: Command): void {
  program.addHelpText(
    'after',
    `
Examples:
  $ mypaas parse ./app              check the # mypaas.* comments of ./app/Dockerfile
  $ mypaas parse ./app --json       the same, as JSON for scripts and editors
  $ mypaas push prod ./app          upload ./app to the server prod, build it there, make it live
  $ mypaas status prod              what runs on prod (a servers.toml name, or [user@]host[:port])
  $ mypaas logs prod hello -f       the output of hello's containers, live
  $ mypaas rollback prod hello      the release before the current one, live again
  $ mypaas key                      the public key to authorize on a server
  $ mypaas server deploy ./app      on the host: build ./app and make it live, health-gated
  $ mypaas server status            on the host: what runs, which release, which urls

Every command has its own --help with examples, e.g. mypaas parse --help.`,
  );
}
