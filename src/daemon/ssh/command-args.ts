// Reads and checks option values of exec commands, the same way the local CLI does.
import { parseArgs } from 'node:util';
import { MypaasError } from '../../core/errors.js';
import { safeJson } from '../../core/escape-controls.js';
import { parseTail } from '../../core/log-tail.js';
import type { CommandArgs, CommandSpec } from './command.js';

const ENV_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The options and positionals after the command name, checked against `spec`; USAGE if wrong. */
export function parseCommandArgs(spec: CommandSpec, rest: string[]): CommandArgs {
  let parsed: CommandArgs;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: spec.options,
      allowPositionals: true,
      strict: true,
    });
    // No command declares `multiple`, so every value is a string or a boolean.
    parsed = { values: values as CommandArgs['values'], positionals };
  } catch (err) {
    throw new MypaasError('USAGE', `${spec.name}: ${(err as Error).message}`, {
      hint: `usage: ${spec.usage}`,
    });
  }
  const [min, max] = spec.positionals;
  const count = parsed.positionals.length;
  if (count < min || count > max) {
    throw new MypaasError(
      'USAGE',
      `${spec.name} takes ${min === max ? min : `${min} to ${max}`} argument(s), not ${count}`,
      {
        hint: `usage: ${spec.usage}`,
      },
    );
  }
  return parsed;
}

/** `--env NAME`, default production. */
export function envOf(args: CommandArgs): string {
  const value = args.values.env;
  if (value === undefined) return 'production';
  if (typeof value === 'string' && ENV_NAME.test(value)) return value;
  throw new MypaasError('USAGE', `--env ${JSON.stringify(value)} is not an environment name`, {
    hint: 'use lowercase letters, digits and -, e.g. --env staging',
  });
}

/** A non-negative integer option, or `fallback` when absent. */
export function intOf<T extends number | undefined>(
  args: CommandArgs,
  name: string,
  fallback: T,
): number | T {
  const value = args.values[name];
  if (value === undefined) return fallback;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value)) return Number(value);
  throw new MypaasError('USAGE', `--${name} ${JSON.stringify(value)} is not a whole number`, {
    hint: `e.g. --${name} 20`,
  });
}

/** `--tail N`, or undefined when absent (every line). */
export function tailOf(args: CommandArgs): number | undefined {
  const value = args.values.tail;
  return value === undefined ? undefined : parseTail(value);
}

/** Whether a boolean flag was given. */
export function flagOf(args: CommandArgs, name: string): boolean {
  return args.values[name] === true;
}

/** The positional at `index` (the parser already checked how many there are). */
export function positional(args: CommandArgs, index: number): string {
  return args.positionals[index] ?? '';
}

/** `web (production)`: how targets read in the audit log and messages. */
export function targetOf(service: string, env: string): string {
  return `${service} (${env})`;
}

/** `data` as indented JSON text, for `--json` over a plain client. */
export function jsonText(data: unknown): string {
  return `${safeJson(data, 2)}\n`;
}
