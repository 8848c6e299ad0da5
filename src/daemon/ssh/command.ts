// The shape of one exec command the daemon serves: its words, and the operation they ask for.
import type { Readable } from 'node:stream';
import type { ParseArgsConfig } from 'node:util';
import type { RenderStyle } from '../../core/render-results.js';
import type { Operation } from '../operations/operation.js';
import type { BuildSlots } from './build-slots.js';
import type { UploadLimits } from './upload-limits.js';

/** The parsed words after the command name. */
export interface CommandArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** What the daemon shares with every command. */
export interface DaemonServices {
  /** Where push work directories are made ($MYPAAS_HOME/work). */
  workRoot: string;
  uploadLimits: UploadLimits;
  buildSlots: BuildSlots;
}

/** What a command's words are read with: the words, the client's stdin, the daemon's services. */
export interface CommandInput {
  args: CommandArgs;
  input: Readable;
  daemon: DaemonServices;
}

/** An operation with its request, and how its result reads for a person at a plain ssh. */
export interface Invocation {
  op: Operation<unknown, unknown>;
  request: unknown;
  text: (result: unknown, style: RenderStyle) => string;
}

/** Pairs an operation with its request and renderer, checked by the compiler, then erased. */
export function invoke<Request, Result>(
  op: Operation<Request, Result>,
  request: Request,
  text: (result: Result, style: RenderStyle) => string,
): Invocation {
  // Operation and renderer take parameters, so TypeScript lets them widen to unknown.
  return { op, request, text } as Invocation;
}

/** One command: its words and options, and the operation they ask for. */
export interface CommandSpec {
  /** One or two words: `status`, `keys list`. */
  name: string;
  /** The usage line shown in errors and help. */
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positionals are allowed: [min, max]. */
  positionals: [number, number];
  /** It reads the client's stdin (push); for every other command stdin is read and dropped, so
   * the channel's close is seen even while the client keeps sending. */
  readsInput?: boolean;
  /** The operation the words ask for; USAGE when they are wrong. */
  invocation(input: CommandInput): Invocation;
}
