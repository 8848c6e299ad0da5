// `# mypaas.init`: whether Docker's init process runs as the container's PID 1.
import { accept, reject, type RuleResult } from './rule.js';

/** Checks `true` or `false`, nothing looser (no `yes`, `1` or `off`). */
export function checkInit(value: string): RuleResult<boolean> {
  if (value === 'true') return accept(true);
  if (value === 'false') return accept(false);
  return reject('is not true or false');
}
