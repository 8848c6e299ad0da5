// `keys list`: the keys that may log in (admin keys only).
import { keysListOperation } from '../../operations/keys-list.js';
import { invoke, type CommandSpec } from '../command.js';
import { keysTable } from '../keys-table.js';

/** The words of the keys list operation. */
export const keysListCommand: CommandSpec = {
  name: 'keys list',
  usage: 'keys list [--json]',
  summary: 'the SSH keys that may use this daemon (admin keys only)',
  options: { json: { type: 'boolean' } },
  positionals: [0, 0],
  invocation: () => invoke(keysListOperation, {}, keysTable),
};
