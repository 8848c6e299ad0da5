// Options shared by several commands, checked the same way everywhere.
import { Option } from 'commander';
import { MypaasError } from '../core/errors.js';

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

/** `--json`: print data as JSON for scripts. */
export function jsonOption(): Option {
  return new Option('--json', 'print JSON instead of text');
}

/** Writes `value` as indented JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
