// Options shared by several commands, checked the same way everywhere.
import { InvalidArgumentError, Option } from 'commander';
import { MypaasError } from '../core/errors.js';
import { safeJson } from '../core/escape-controls.js';
import { parseTail } from '../core/log-tail.js';

const ENV_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** `--env NAME`: the environment a command acts on (default production). */
export function envOption(): Option {
  return new Option('--env <name>', 'environment')
    .default('production')
    .argParser((value: string) => {
      if (ENV_NAME.test(value)) return value;
      throw new MypaasError('USAGE', `--env ${JSON.stringify(value)} is not an environment name`, {
        hint: 'use lowercase letters, digits and -, e.g. --env staging',
      });
    });
}

/** `-n, --tail N`: only the last N lines (0: none of the old ones); checked by the one rule. */
export function tailOption(): Option {
  return new Option(
    '-n, --tail <n>',
    'only the last N lines (0: only new ones, with -f)',
  ).argParser((value: string) => parseTail(value));
}

/** A parser for options like --limit and --tail: a whole number >= `min`, else a usage error. */
export function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    if (/^\d+$/.test(value) && Number(value) >= min) return Number(value);
    throw new InvalidArgumentError(`${JSON.stringify(value)} is not a whole number >= ${min}`);
  };
}

/** `--json`: print data as JSON for scripts. */
export function jsonOption(): Option {
  return new Option('--json', 'print JSON instead of text');
}

/** Writes `value` as indented JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${safeJson(value, 2)}\n`);
}
