// Turns a thrown error into what a person reads on stderr, and the exit code that goes with it.
import { isMypaasError } from '../core/errors.js';
import { terminalSafe } from './terminal-safe.js';

/** Writes `err` for a person and returns the exit code: 1 for expected failures, 70 for bugs. */
export function reportError(err: unknown, out: NodeJS.WritableStream): number {
  // Messages and details may quote an app's output, e.g. a dead container's last lines.
  const safe = terminalSafe(out);
  if (isMypaasError(err)) {
    out.write(`error: ${safe(err.message)}\n`);
    for (const line of err.details) out.write(`  ${safe(line)}\n`);
    if (err.hint) out.write(`hint: ${safe(err.hint)}\n`);
    return err.code === 'USAGE' ? 2 : 1;
  }
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  out.write(
    'mypaas hit an internal error. This is a bug; please report it with the text below.\n\n' +
      `${stack}\n`,
  );
  return 70;
}
