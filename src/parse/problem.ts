// Builds and prints parse problems so each names its line, key, value and a good example.
import { closest, distance } from 'fastest-levenshtein';
import { KEYS, isKnownKey } from './keys.js';
import type { ParseProblem } from './spec.js';

const MAX_SHOWN = 80;

/** A value that failed its key's rule: `"abc" is not … Example: # mypaas.port=8080`. */
export function valueProblem(
  line: number | null,
  key: string,
  raw: string,
  reason: string,
): ParseProblem {
  const value = raw === '' ? '' : `${show(raw)} `;
  return { line, key, message: `${value}${reason}. ${example(key)}`.trimEnd() };
}

/** A problem about a key as a whole (missing, repeated), with an example of the key done right. */
export function keyProblem(line: number | null, key: string, reason: string): ParseProblem {
  return { line, key, message: `${reason}. ${example(key)}`.trimEnd() };
}

/** An unknown key, with the nearest known key when one is close. */
export function unknownKeyProblem(line: number, key: string): ParseProblem {
  const known = Object.keys(KEYS);
  const guess = key === '' ? undefined : closest(key.toLowerCase(), known);
  const near = guess !== undefined && distance(key.toLowerCase(), guess) <= 3;
  const message = near
    ? `is not a mypaas key. Did you mean mypaas.${guess}? ${example(guess)}`
    : `is not a mypaas key. Known keys: ${known.join(', ')}`;
  return { line, key, message };
}

/** One line of text per problem: `line 7: mypaas.port: "abc" is not …`. */
export function formatProblem(problem: ParseProblem): string {
  const where = problem.line === null ? 'Dockerfile' : `line ${problem.line}`;
  return `${where}: mypaas.${problem.key} ${problem.message}`;
}

/** A value quoted for a message, cut to 80 characters, with control characters escaped. */
export function show(value: string): string {
  const cut = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN - 1)}…` : value;
  return JSON.stringify(cut);
}

function example(key: string): string {
  return isKnownKey(key) ? `Example: # mypaas.${key}=${KEYS[key].example}` : '';
}
