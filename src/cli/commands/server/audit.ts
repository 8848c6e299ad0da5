// `mypaas server audit`: who changed what through the daemon, newest first.
import type { Command } from 'commander';
import { render } from '../../../core/render-results.js';
import { jsonOption, wholeNumber } from '../../options.js';
import { runOnHost } from '../../run-on-host.js';

/** Adds `server audit`. */
export function registerServerAudit(server: Command): void {
  server
    .command('audit')
    .description('show the audit log: every change made through the daemon, and key changes')
    .option('--limit <n>', 'how many entries', wholeNumber('limit', 1), 50)
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ mypaas server audit\n  $ mypaas server audit --limit 500 --json\n',
    )
    .action(async (options: { limit: number; json?: boolean }) => {
      const { auditOperation } = await import('../../../daemon/operations/audit.js');
      await runOnHost(
        auditOperation,
        { limit: options.limit },
        { json: options.json, text: render.audit },
      );
    });
}
