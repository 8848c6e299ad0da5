// The exec string sent to the daemon: command words, shell-style single quotes where needed, events flag last.
import { EVENTS_FLAG } from '../../core/protocol.js';

/** `['status', 'web', '--json']` → `status web --json --events=json`. */
export function execCommand(words: readonly string[]): string {
  return [...words, EVENTS_FLAG].map(quoteWord).join(' ');
}

/**
 * Leaves plain words alone and wraps anything else in single quotes, writing a single quote inside
 * as '\'' — POSIX shell quoting, so the daemon's parser and `sh -c` read the same words.
 */
export function quoteWord(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
