// `mypaas server audit`: who changed what through the daemon, newest first.
import type { Command } from 'commander';
import { jsonOption, printJson } from '../../options.js';
import { table, when } from '../../table.js';
import { clipped } from '../../../core/tables.js';
import { withDatabase } from './keys.js';

/** Adds `server audit`. */
export function registerServerAudit(server: Command): void {
  server
    .command('audit')
    .description('show the audit log: every change made through the daemon, and key changes')
    .option('--limit <n>', 'how many entries', (v) => Number.parseInt(v, 10), 50)
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mypaas server audit\n  $ mypaas server audit --limit 500 --json\n',
    )
    .action(async (options: { limit: number; json?: boolean }) => {
      await withDatabase(async (db) => {
        const { listAudit } = await import('../../../daemon/state/audit-log.js');
        const entries = listAudit(db, options.limit);
        if (options.json) return printJson(entries);
        if (entries.length === 0) return void process.stdout.write('the audit log is empty\n');
        const rows = entries.map((e) => [
          when(e.at),
          e.keyName,
          e.fingerprint ?? '-',
          e.command,
          e.target ?? '-',
          e.outcome,
          clipped(e.detail ?? '', 100),
        ]);
        process.stdout.write(
          table(['TIME', 'KEY', 'FINGERPRINT', 'COMMAND', 'TARGET', 'OUTCOME', 'DETAIL'], rows),
        );
      });
    });
}
