// Reads a passphrase from the terminal without echoing it; there is no prompt without a terminal.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { MypaasError } from '../../core/errors.js';
import type { PassphrasePrompt } from './identity.js';

/** A prompt on `input`/`output` when both are terminals; undefined otherwise, so callers fail clearly. */
export function terminalPrompt(
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): PassphrasePrompt | undefined {
  if (!input.isTTY || !output.isTTY) return undefined;
  return (question) =>
    new Promise((resolve, reject) => {
      let muted = false;
      // readline echoes what is typed through its output; this one lets only the question through.
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (!muted) output.write(chunk);
          done();
        },
      });
      const rl = createInterface({ input, output: sink, terminal: true });
      rl.on('SIGINT', () => {
        rl.close();
        output.write('\n');
        reject(new MypaasError('AUTH_FAILED', 'interrupted at the passphrase prompt'));
      });
      rl.question(question, (answer) => {
        rl.close();
        output.write('\n');
        resolve(answer);
      });
      muted = true;
    });
}
