// What every remote command shares: --identity, one exec on the daemon, data printed as text or JSON.
import { Option } from 'commander';
import { isMypaasError } from '../../../core/errors.js';
import { printJson } from '../../options.js';
import type { ResultKind } from '../../remote/render-result.js';
import { terminalOutput } from '../../terminal-output.js';
import { terminalSafe } from '../../terminal-safe.js';

/** `--identity FILE`: the private key to use, ahead of MYPAAS_IDENTITY, the ssh-agent and ~/.ssh. */
export function identityOption(): Option {
  return new Option('-i, --identity <file>', 'private key to authenticate with');
}

/** The SERVER argument's help, the same for every remote command. */
export const SERVER_HELP =
  'a name from ~/.config/mypaas/servers.toml, or [user@]host[:port] (port 2222 by default)';

/** The options every remote command takes. */
export interface RemoteOptions {
  env?: string;
  json?: boolean;
  identity?: string;
}

/**
 * Runs `words` on the server (with `--json` added when asked, so the daemon sends what
 * `server … --json` prints), streams its events, then prints the result or throws its error.
 */
export async function runRemote(
  server: string,
  words: string[],
  kind: ResultKind,
  options: RemoteOptions & {
    interruptible?: boolean;
    /** Prints a `line` event (e.g. of `logs`); by default as text, see terminalSafe. */
    line?: (text: string) => void;
  },
): Promise<void> {
  const { execCommand } = await import('../../remote/exec-command.js');
  const { callData, remoteCall } = await import('../../remote/remote-call.js');
  const { renderResult } = await import('../../remote/render-result.js');
  const { withSession } = await import('../../remote/remote-session.js');
  const { terminalPrompt } = await import('../../remote/passphrase-prompt.js');
  const safe = terminalSafe(process.stdout);
  const abort = new AbortController();
  const stop = () => abort.abort();
  if (options.interruptible) process.once('SIGINT', stop);
  try {
    const session = { identity: options.identity, prompt: terminalPrompt() };
    const { data, label } = await withSession(server, session, async (client, target) => {
      const outcome = await remoteCall(client, {
        command: execCommand(options.json ? [...words, '--json'] : words),
        signal: abort.signal,
        output: {
          deploy: terminalOutput(options.json ? process.stderr : process.stdout),
          line: options.line ?? ((line) => process.stdout.write(`${safe(line)}\n`)),
          stderr: (chunk) => process.stderr.write(terminalSafe(process.stderr)(chunk)),
        },
      });
      return { data: callData(outcome, words[0] ?? '', target.label), label: target.label };
    });
    if (abort.signal.aborted) return;
    if (options.json) printJson(data ?? null);
    else process.stdout.write(renderResult(kind, data, label));
  } catch (err) {
    if (options.json) printJsonError(err);
    throw err;
  } finally {
    process.off('SIGINT', stop);
  }
}

/** With --json a failure is JSON on stdout too (`{"error": {code, message, hint, details}}`), for scripts. */
export function printJsonError(err: unknown): void {
  if (!isMypaasError(err)) return;
  printJson({
    error: { code: err.code, message: err.message, hint: err.hint, details: err.details },
  });
}
