// The shape of one exec command the daemon serves, and what it is given to run.
import type { Readable } from 'node:stream';
import type { ParseArgsConfig } from 'node:util';
import type { Engine } from '../engine.js';
import type { KeyRecord } from '../state/keys.js';
import type { BuildSlots } from './build-slots.js';
import type { ChannelOutput } from './channel-output.js';
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

/** Everything a command runs with. */
export interface CommandContext {
  engine: Engine;
  key: KeyRecord;
  args: CommandArgs;
  out: ChannelOutput;
  /** The client's stdin: the archive for push. */
  input: Readable;
  /** Aborted when the client goes away or the daemon stops. */
  signal: AbortSignal;
  daemon: DaemonServices;
  /** Names the target in the audit log when only the command learns it (push). */
  setTarget(target: string): void;
}

/** What a command returns: `data` for the mypaas CLI, `text` for a person at a plain ssh. */
export interface CommandResult {
  data: unknown;
  text: string;
  /** One line for the audit log (e.g. the deployment made); never a secret value. */
  detail?: string;
}

/** One command: its words, options, who may run it, and what it does. */
export interface CommandSpec {
  /** One or two words: `status`, `keys list`. */
  name: string;
  /** The usage line shown in errors and help. */
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positionals are allowed: [min, max]. */
  positionals: [number, number];
  /** Only admin keys may run it. */
  adminOnly?: boolean;
  /** It reads the client's stdin (push); for every other command stdin is read and dropped, so
   * the channel's close is seen even while the client keeps sending. */
  readsInput?: boolean;
  /** Whether this call changes something: such calls are audited and refused while stopping. */
  changes(args: CommandArgs): boolean;
  /** The service the call acts on, checked against a deployer key's services before it runs. */
  service?(args: CommandArgs): string | undefined;
  /** The audit log's command and target, when they differ from `name` and the service. */
  audit?(args: CommandArgs): { command: string; target: string | null };
  run(ctx: CommandContext): Promise<CommandResult>;
}
