// `keys list`: the keys that may log in; admins only, as it names every key on the host.
import { keyInfo, listKeys } from '../../state/keys.js';
import type { CommandSpec } from '../command.js';
import { keysTable } from '../keys-table.js';

/** Mirrors `mypaas server keys list`. */
export const keysListCommand: CommandSpec = {
  name: 'keys list',
  usage: 'keys list [--json]',
  summary: 'the SSH keys that may use this daemon (admin keys only)',
  options: { json: { type: 'boolean' } },
  positionals: [0, 0],
  adminOnly: true,
  changes: () => false,
  run: (ctx) => {
    const keys = listKeys(ctx.engine.db).map(keyInfo);
    return Promise.resolve({ data: keys, text: keysTable(keys) });
  },
};
