// `mypaas key [SERVER]`: the public key the CLI authenticates with, ready for `mypaas server keys add`.
import type { Command } from 'commander';
import { identityOption } from './remote/run-remote.js';

/** Adds `key`. */
export function registerKey(program: Command): void {
  program
    .command('key')
    .description('print the public key mypaas authenticates with, to authorize it on a server')
    .argument('[server]', 'use the identity servers.toml names for this server, if any')
    .addOption(identityOption())
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas key
  $ mypaas key prod
  $ mypaas key > laptop.pub          then authorize it on the host with mypaas server keys add

The key is the first of: --identity, $MYPAAS_IDENTITY, identity = in servers.toml, the ssh-agent's
first key, ~/.ssh/id_ed25519, id_ecdsa, id_rsa.`,
    )
    .action(async (server: string | undefined, options: { identity?: string }) => {
      const { clientConfigDir, serversFile } = await import('../remote/client-config.js');
      const { keySources } = await import('../remote/identity.js');
      const { firstPublicKey } = await import('../remote/public-key.js');
      const { resolveServer } = await import('../remote/server-address.js');
      const { terminalPrompt } = await import('../remote/passphrase-prompt.js');
      const target = server
        ? await resolveServer(server, serversFile(clientConfigDir()))
        : undefined;
      const sources = keySources({ identity: options.identity, serverIdentity: target?.identity });
      const key = await firstPublicKey(sources, terminalPrompt());
      process.stdout.write(`${key.line}\n`);
      const others =
        key.agentKeys > 1
          ? ` (the first of ${key.agentKeys}; the others are offered after it)`
          : '';
      process.stderr.write(`from ${key.source}${others}\n`);
    });
}
