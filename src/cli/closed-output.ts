// `mypaas … | head`: the reader left, so what is still to print has nowhere to go.

/** The status a process killed by SIGPIPE has (128 + 13), what `cat` and `git log` end with. */
export const CLOSED_OUTPUT_STATUS = 141;

/**
 * Makes a closed stdout end the process at once with CLOSED_OUTPUT_STATUS, and a closed stderr
 * drop what it could not print, instead of Node's unhandled-'error' crash with a stack trace.
 * Called once by the entry point, for every command.
 */
export function endQuietlyOnClosedOutput(
  proc: Pick<NodeJS.Process, 'stdout' | 'stderr' | 'exit'>,
): void {
  proc.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (!isClosedPipe(err)) throw err;
    proc.exit(CLOSED_OUTPUT_STATUS);
  });
  proc.stderr.on('error', (err: NodeJS.ErrnoException) => {
    if (!isClosedPipe(err)) throw err;
  });
}

function isClosedPipe(err: NodeJS.ErrnoException): boolean {
  return err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED';
}
