// Turns a thrown error into what a person reads on stderr, and the exit code that goes with it.
import { isMypaasError } from '../core/errors.js';

/** Writes `err` for a person and returns the exit code: 1 for expected failures, 70 for bugs. */
export function reportError(err: unknown, out: NodeJS.WritableStream): number {
  if (isMypaasError(err)) {
    out.write(`error: ${err.message}\n`);
    for (const line of err.details) out.write(`  ${line}\n`);
    if (err.hint) out.write(`hint: ${err.hint}\n`);
    return err.code === 'USAGE' ? 2 : 1;
  }
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  out.write(
    'mypaas hit an internal error. This is a bug; please report it with the text below.\n\n' +
      `${stack}\n`,
  );
  return 70;
}
