// The one rule for characters a terminal acts on (escape sequences, C1 controls, carriage
// returns): an app's output shown to a person must not move their cursor, retitle their window or
// clear their screen. Tab and newline are kept; everything else in C0, DEL and C1 is escaped.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const C1_AND_DEL = /[\u007f-\u009f]/g;

/** `text` with every control character but tab and newline shown as `\xNN`, never obeyed. */
export function escapeControls(text: string): string {
  return text.replace(CONTROLS, (c) => `\\x${hex(c)}`);
}

/**
 * JSON.stringify that also writes DEL and C1 controls as `\u00NN` (JSON.stringify leaves them raw),
 * so the text is the same data and still safe to `cat` on a terminal.
 */
export function safeJson(value: unknown, indent?: number): string {
  // Outside strings JSON has no such characters, so replacing them anywhere only touches strings.
  return String(JSON.stringify(value, null, indent)).replace(C1_AND_DEL, (c) => `\\u00${hex(c)}`);
}

function hex(c: string): string {
  return c.charCodeAt(0).toString(16).padStart(2, '0');
}
