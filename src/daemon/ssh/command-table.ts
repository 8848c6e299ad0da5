// Every command the daemon serves over SSH exec, and how an argv finds its command.
import { MypaasError } from '../../core/errors.js';
import type { CommandSpec } from './command.js';
import { auditCommand } from './commands/audit.js';
import { deploymentsCommand } from './commands/deployments.js';
import { envCommand } from './commands/env.js';
import { keysListCommand } from './commands/keys-list.js';
import { rmCommand, startCommand, stopCommand } from './commands/lifecycle.js';
import { logsCommand } from './commands/logs.js';
import { pushCommand } from './commands/push.js';
import { redeployCommand, rollbackCommand } from './commands/release-again.js';
import { statusCommand } from './commands/status.js';

/** The commands, in the order help lists them. */
export function commandTable(): CommandSpec[] {
  return [
    pushCommand,
    statusCommand,
    deploymentsCommand,
    logsCommand,
    rollbackCommand,
    redeployCommand,
    envCommand,
    stopCommand,
    startCommand,
    rmCommand,
    keysListCommand,
    auditCommand,
  ];
}

/** The command `argv` names and the words after its name; COMMAND_REFUSED lists what exists. */
export function findCommand(
  table: CommandSpec[],
  argv: string[],
): { spec: CommandSpec; rest: string[] } {
  for (const spec of table) {
    const words = spec.name.split(' ');
    if (words.every((word, i) => argv[i] === word)) return { spec, rest: argv.slice(words.length) };
  }
  const asked =
    argv.length === 0
      ? 'no command was given'
      : `${JSON.stringify(argv.slice(0, 2).join(' '))} is not a command here`;
  throw new MypaasError('COMMAND_REFUSED', `${asked}; this host runs mypaas, not a shell`, {
    details: allowedLines(table),
    hint: 'e.g. ssh -p 2222 deploy@host status',
  });
}

/** The usage line of every command, under a heading. */
export function allowedLines(table: CommandSpec[]): string[] {
  return ['allowed commands:', ...table.map((c) => `  ${c.usage}`)];
}
