// `audit`: the audit log, newest first (admin keys only).
import { render } from '../../../core/render-results.js';
import { auditOperation } from '../../operations/audit.js';
import { intOf } from '../command-args.js';
import { invoke, type CommandSpec } from '../command.js';

/** The words of the audit operation. */
export const auditCommand: CommandSpec = {
  name: 'audit',
  usage: 'audit [--limit N] [--json]',
  summary: 'who changed what through this daemon, newest first (admin keys only)',
  options: { limit: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [0, 0],
  invocation: ({ args }) =>
    invoke(auditOperation, { limit: intOf(args, 'limit', 50, 1) }, render.audit),
};
