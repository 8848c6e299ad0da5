// Options shared by several commands, checked the same way everywhere.
import { Option } from 'commander';
import { parseEnvName, parseWholeNumber } from '../core/arg-rules.js';
import { safeJson } from '../core/escape-controls.js';
import { parseTail } from '../core/log-tail.js';

/** `--env NAME`: the environment a command acts on (default production). */
export function envOption(): Option {
  return new Option('--env <name>', 'environment')
    .default('production')
    .argParser((value: string) => parseEnvName(value));
}

/** `-n, --tail N`: only the last N lines (0: none of the old ones); checked by the one rule. */
export function tailOption(): Option {
  return new Option(
    '-n, --tail <n>',
    'only the last N lines (0: only new ones, with -f)',
  ).argParser((value: string) => parseTail(value));
}

/** A parser for options like --limit: a whole number >= `min`, else a usage error. */
export function wholeNumber(name: string, min: number): (value: string) => number {
  return (value) => parseWholeNumber(name, value, min);
}

/** `--json`: print data as JSON for scripts. */
export function jsonOption(): Option {
  return new Option('--json', 'print JSON instead of text');
}

/** Writes `value` as indented JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${safeJson(value, 2)}\n`);
}
