// How the CLI shows text that came from an app (log lines, build output, error details): escaped
// when a person's terminal would act on it, byte for byte when it goes to a pipe or a file.
import { escapeControls, safeJson } from '../core/escape-controls.js';

/** The help text of commands that print log lines, saying what happens to control characters. */
export const LOG_OUTPUT_HELP = `
Output:
  On a terminal, control characters in the app's lines (colours, titles, carriage returns) are
  shown escaped, e.g. \\x1b[31m; piped or redirected, lines are written as the app wrote them.
  --json prints one {"line": …} object per line, every control character JSON-escaped.`;

/** Text for `stream`: control characters escaped when it is a terminal, untouched otherwise. */
export function terminalSafe(stream: NodeJS.WritableStream): (text: string) => string {
  const tty = (stream as { isTTY?: boolean }).isTTY === true;
  return tty ? escapeControls : (text) => text;
}

/** Prints one log line on `stream`: as `{"line": …}` with `json`, else as terminal-safe text. */
export function logLinePrinter(
  json: boolean,
  stream: NodeJS.WritableStream,
): (line: string) => void {
  if (json) return (line) => void stream.write(`${safeJson({ line })}\n`);
  const safe = terminalSafe(stream);
  return (line) => void stream.write(`${safe(line)}\n`);
}
