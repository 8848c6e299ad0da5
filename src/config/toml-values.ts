// How config problems describe a TOML value: its type, a shortened quote, the nearest known word.
import { closest, distance } from 'fastest-levenshtein';

/** The messages' view of where a problem is: a key path, placed on its line by the caller. */
export interface ProblemSink {
  error(path: string[], text: string): void;
  warn(path: string[], text: string): void;
}

/** Whether a parsed TOML value is a table (dates and arrays are objects too). */
export function isTable(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
  );
}

/** "a string", "an integer", …: what a message says it got, without quoting a secret. */
export function typeName(value: unknown): string {
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'bigint') return 'an integer';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a float';
  if (typeof value === 'boolean') return 'a boolean';
  if (value instanceof Date) return 'a date';
  return Array.isArray(value) ? 'an array' : 'a table';
}

/** A non-secret value as a message quotes it, truncated. */
export function show(value: unknown): string {
  if (typeof value === 'string') return shorten(JSON.stringify(value));
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  return Array.isArray(value) ? shorten(JSON.stringify(value)) : typeName(value);
}

/** Keeps a quoted name or value to one readable line. */
export function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The candidate a typo most likely meant, if any is within 3 edits. */
export function nearest(word: string, candidates: string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, candidates);
  return distance(word, best) <= 3 ? best : undefined;
}
