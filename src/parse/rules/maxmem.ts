// `# mypaas.maxmem=512m`: a memory limit, in Docker's binary units.
import { accept, reject, type RuleResult } from './rule.js';

/** Docker refuses memory limits below 6 MiB. */
export const MIN_MEMORY_BYTES = 6 * 1024 * 1024;

const SIZE = /^(\d+(?:\.\d+)?|\.\d+)\s*([kmgt]?)(?:i?b)?$/i;
const POWER: Record<string, number> = { '': 0, k: 1, m: 2, g: 3, t: 4 };

/** Converts a size such as `512m`, `1.5g` or `300MB` to bytes (k/m/g/t are powers of 1024). */
export function checkMaxMem(value: string): RuleResult<number> {
  const match = SIZE.exec(value);
  if (!match) return reject('is not a size; write a number and k, m, g or t');
  const [, amount = '', unit = ''] = match;
  const bytes = Math.floor(Number(amount) * 1024 ** (POWER[unit.toLowerCase()] ?? 0));
  if (bytes < MIN_MEMORY_BYTES) return reject('is below 6 MiB, the least Docker accepts');
  if (!Number.isSafeInteger(bytes)) return reject('is larger than any host has');
  return accept(bytes);
}
