// One command over one of HAProxy's unix sockets (the runtime API or the master CLI): a fresh
// connection per command, half-closed after sending, so HAProxy answers once and hangs up.
import { createConnection } from 'node:net';
import { MypaasError } from '../../../core/errors.js';

/** Sends `command` and resolves with HAProxy's whole answer. A `payload` (a PEM) follows the
 * command as HAProxy's `<<` block, which an empty line ends, so the payload may hold none. */
export function sendCommand(
  socketPath: string,
  command: string,
  timeoutMs = 5_000,
  payload?: string,
): Promise<string> {
  // `;` and newlines separate commands on the CLI: one call must stay one command.
  if (/[;\r\n]/.test(command)) {
    return Promise.reject(
      new MypaasError('INTERNAL', `refusing to send "${command}": it holds ; or a newline`),
    );
  }
  const block = payload?.trim();
  if (block !== undefined && (block === '' || /\r|\n\s*\n/.test(block))) {
    return Promise.reject(
      new MypaasError(
        'INTERNAL',
        `refusing the payload of "${command}": it is empty or holds an empty line`,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = createConnection(socketPath);
    const timer = setTimeout(() => {
      socket.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () =>
      socket.end(block === undefined ? `${command}\n` : `${command} <<\n${block}\n\n`),
    );
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (cause) => {
      clearTimeout(timer);
      reject(
        new MypaasError(
          'PROXY_UNAVAILABLE',
          `HAProxy did not answer "${command}" on ${socketPath}`,
          {
            cause,
            hint: 'is HAProxy running? The daemon starts it on the next deploy',
          },
        ),
      );
    });
    socket.on('close', (hadError) => {
      clearTimeout(timer);
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}
