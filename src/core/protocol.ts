// What the daemon sends back over an SSH exec channel when the mypaas CLI asks for events:
// one JSON object per line. Plain SSH clients get the same information as readable text.
import { safeJson } from './escape-controls.js';
import type { ErrorCode } from './errors.js';

/** The exec-command flag with which the CLI asks for JSON-lines events instead of text. */
export const EVENTS_FLAG = '--events=json';

/** One line of the stream. The last line of every command is a `result`. */
export type DaemonEvent =
  | { type: 'step'; text: string }
  | { type: 'build'; line: string }
  | { type: 'warn'; text: string }
  /** Output of `logs -f` and similar, passed through as is. */
  | { type: 'line'; text: string }
  | { type: 'result'; ok: true; data: unknown }
  | {
      type: 'result';
      ok: false;
      error: { code: ErrorCode; message: string; hint?: string; details?: string[] };
    };

/** Encodes one event as a line. */
export function encodeEvent(event: DaemonEvent): string {
  return `${safeJson(event)}\n`;
}

/** Decodes one line; undefined when the line is not an event (e.g. a banner from a plain shell). */
export function decodeEvent(line: string): DaemonEvent | undefined {
  try {
    const value = JSON.parse(line) as { type?: unknown };
    return typeof value === 'object' && value !== null && typeof value.type === 'string'
      ? (value as DaemonEvent)
      : undefined;
  } catch {
    return undefined;
  }
}
