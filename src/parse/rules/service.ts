// `# mypaas.service=NAME`: the name becomes image and container names, so Docker's rules apply.
import { accept, reject, type RuleResult } from './rule.js';

const NAME = /^[a-z0-9][a-z0-9_.-]*$/;

/** Checks a service name: lowercase letters, digits, `-`, `_`, `.`; 63 characters at most. */
export function checkService(value: string): RuleResult<string> {
  if (value.length > 63) return reject(`is ${value.length} characters long; the limit is 63`);
  if (NAME.test(value)) return accept(value);
  const lower = value.toLowerCase();
  if (NAME.test(lower)) return reject(`must be lowercase (try "${lower}")`);
  return reject(
    'may only hold lowercase letters, digits, "-", "_" and "." and must start with a letter or digit',
  );
}
