// `mypaas audit SERVER`: who changed what on a server, asked over SSH (admin keys only).
import type { Command } from 'commander';
import { jsonOption, wholeNumber } from '../../options.js';
import { identityOption, runRemote, SERVER_HELP, type RemoteOptions } from './run-remote.js';

/** Adds `audit`. */
export function registerRemoteAudit(program: Command): void {
  program
    .command('audit')
    .description("show a server's audit log, newest first (admin keys only)")
    .argument('<server>', SERVER_HELP)
    .option(
      '--limit <n>',
      'how many entries (the server shows 50 unless told)',
      wholeNumber('limit', 1),
    )
    .addOption(jsonOption())
    .addOption(identityOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mypaas audit prod\n  $ mypaas audit prod --limit 500 --json\n',
    )
    .action(async (server: string, options: RemoteOptions & { limit?: number }) => {
      const limit = options.limit === undefined ? [] : ['--limit', String(options.limit)];
      await runRemote(server, ['audit', ...limit], 'audit', options);
    });
}
