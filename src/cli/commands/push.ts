// `mypaas push SERVER DIR`: upload an app directory over SSH; the daemon builds it and makes it live.
import type { Command } from 'commander';
import { envOption, jsonOption, printJson } from '../options.js';
import { terminalOutput } from '../terminal-output.js';
import { identityOption, printJsonError, SERVER_HELP } from './remote/run-remote.js';

/** Adds `push`. */
export function registerPush(program: Command): void {
  program
    .command('push')
    .description(
      'upload an app directory to a server, which builds it and makes it live, health-gated',
    )
    .argument('<server>', SERVER_HELP)
    .argument('<dir>', 'the app directory, holding a Dockerfile with # mypaas.* comments')
    .addOption(envOption())
    .addOption(identityOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas push prod ./app
  $ mypaas push deploy@203.0.113.7:2222 . --env staging
  $ MYPAAS_IDENTITY=~/.ssh/deploy_ed25519 mypaas push prod ./app --json

Sends DIR as a tar, honouring .dockerignore; .git only when the Dockerfile copies it. Symlinks are
sent as symlinks. Compressible files are deflated while the link is slower than deflating them
(not over loopback or a fast LAN, where it would only slow the push). The first connection trusts
the server's host key and saves it in ~/.config/mypaas/known_hosts; a changed key stops the push.
Exits 0 only when the release is live.`,
    )
    .action(
      async (
        server: string,
        dir: string,
        options: { env: string; identity?: string; json?: boolean },
      ) => {
        const { pushApp } = await import('../remote/push-app.js');
        const { renderResult } = await import('../remote/render-result.js');
        const { terminalPrompt } = await import('../remote/passphrase-prompt.js');
        const { growHeapForStreaming } = await import('../../core/node-flags.js');
        growHeapForStreaming();
        const io = {
          deploy: terminalOutput(options.json ? process.stderr : process.stdout),
          stdout: options.json ? process.stderr : process.stdout,
          stderr: process.stderr,
        };
        try {
          const data = await pushApp({ server, dir, env: options.env }, io, {
            identity: options.identity,
            prompt: terminalPrompt(),
          });
          if (options.json) printJson(data ?? null);
          else process.stdout.write(renderResult('live', data, server));
        } catch (err) {
          if (options.json) printJsonError(err);
          throw err;
        }
      },
    );
}
