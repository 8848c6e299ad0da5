// The public key the CLI will offer first, as one OpenSSH line, for `mypaas server keys add`.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ParsedKey } from 'ssh2';
import { MypaasError } from '../../core/errors.js';
import {
  describeSource,
  loadPrivateKey,
  type KeySource,
  type PassphrasePrompt,
} from './identity.js';

/** The first usable key's line (`ssh-ed25519 AAAA… comment`), where it came from, and how many the agent holds. */
export async function firstPublicKey(
  sources: KeySource[],
  prompt?: PassphrasePrompt,
): Promise<{ line: string; source: string; agentKeys: number }> {
  for (const source of sources) {
    if (source.kind === 'agent') {
      const keys = await agentKeys(source.socket);
      if (keys[0])
        return { line: keyLine(keys[0]), source: describeSource(source), agentKeys: keys.length };
      continue;
    }
    const pub = await publicFile(`${source.path}.pub`);
    const key = pub ?? (await loadPrivateKey(source.path, prompt));
    return { line: keyLine(key), source: describeSource(source), agentKeys: 0 };
  }
  throw new MypaasError('KEY_NOT_FOUND', 'the ssh-agent holds no keys and no key file was found', {
    hint: 'create a key with: ssh-keygen -t ed25519 — or add one to the agent with ssh-add',
  });
}

/** `type base64 [comment]`, the line authorized_keys files and `server keys add` take. */
export function keyLine(key: ParsedKey): string {
  const line = `${key.type} ${key.getPublicSSH().toString('base64')}`;
  return key.comment ? `${line} ${key.comment}` : line;
}

// An agent that cannot be reached holds no keys for our purpose: the next source is tried.
async function agentKeys(socket: string): Promise<ParsedKey[]> {
  const { OpenSSHAgent } = (await import('ssh2')).default;
  return new Promise((resolve) => {
    new OpenSSHAgent(socket).getIdentities((err, keys) =>
      resolve(err || !keys ? [] : (keys as ParsedKey[])),
    );
  });
}

// The .pub file next to a private key, so an encrypted key needs no passphrase just to be shown.
async function publicFile(path: string): Promise<ParsedKey | undefined> {
  if (!existsSync(path)) return undefined;
  const { utils } = (await import('ssh2')).default;
  const parsed = utils.parseKey(await readFile(path));
  const key = Array.isArray(parsed) ? (parsed as ParsedKey[])[0] : parsed;
  return key instanceof Error || !key ? undefined : key;
}
