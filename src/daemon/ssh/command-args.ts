// Reads and checks option values of exec commands, the same way the local CLI does.
import { parseArgs } from 'node:util';
import { parseEnvName, parseWholeNumber } from '../../core/arg-rules.js';
import { MypaasError } from '../../core/errors.js';
import { safeJson } from '../../core/escape-controls.js';
import { parseTail } from '../../core/log-tail.js';
import type { CommandArgs, CommandSpec } from './command.js';

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
  return value === undefined ? 'production' : parseEnvName(value);
}

/** A whole-number option of at least `min`, or `fallback` when absent. */
export function intOf<T extends number | undefined>(
  args: CommandArgs,
  name: string,
  fallback: T,
  min = 0,
): number | T {
  const value = args.values[name];
  return value === undefined ? fallback : parseWholeNumber(name, value, min);
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

/** `--env NAME`, or undefined when absent (every environment). */
export function optionalEnvOf(args: CommandArgs): string | undefined {
  return args.values.env === undefined ? undefined : envOf(args);
}

/** The first positional as the service, and `--env`. */
export function targetOfArgs(args: CommandArgs): { service: string; env: string } {
  return { service: positional(args, 0), env: envOf(args) };
}

/** `data` as indented JSON text, for `--json` over a plain client. */
export function jsonText(data: unknown): string {
  return `${safeJson(data, 2)}\n`;
}
