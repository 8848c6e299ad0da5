// keys list: the keys that may log in; admins only, as it names every key on the host.
import { keyInfo, listKeys, type KeyInfo } from '../state/keys.js';
import type { Operation } from './operation.js';

/** Every key, without its blob. */
export const keysListOperation: Operation<Record<string, never>, KeyInfo[]> = {
  name: 'keys list',
  adminOnly: true,
  changes: false,
  run: ({ engine }) => Promise.resolve({ result: listKeys(engine.db).map(keyInfo) }),
};
