// Runs one exec string: split it, find the command, read its words into an operation's request,
// perform it as the key that asked, and answer in text or JSON-lines events. Returns the exit
// status for the channel. Checks and the audit entry are the operation layer's (perform.ts).
import type { Readable } from 'node:stream';
import type { ConfigState } from '../../config/live-config.js';
import { diskFull } from '../../core/disk-full.js';
import { MypaasError } from '../../core/errors.js';
import { EVENTS_FLAG } from '../../core/protocol.js';
import { voices, type RenderStyle } from '../../core/render-results.js';
import { configNotices } from '../config-notices.js';
import type { Engine } from '../engine.js';
import { auditRefusal, perform, type PerformContext } from '../operations/perform.js';
import { findKey, type KeyRecord } from '../state/keys.js';
import type { ChangeTracker } from './change-tracker.js';
import { channelOutput, type ChannelSink } from './channel-output.js';
import { jsonText, parseCommandArgs } from './command-args.js';
import type { CommandInput, CommandSpec, DaemonServices, Invocation } from './command.js';
import { splitCommandLine } from './command-line.js';
import { findCommand } from './command-table.js';

/** What the daemon gives the dispatcher once. */
export interface DispatchDeps {
  engine: Engine;
  daemon: DaemonServices;
  changes: ChangeTracker;
  table: CommandSpec[];
  logBug: (err: unknown) => void;
  /** config.toml brought up to date, before each command: it runs on what the file says now. */
  refreshConfig: () => Promise<ConfigState>;
}

/** One exec request from an authenticated client. */
export interface ExecRequest {
  line: string;
  /** The fingerprint the client logged in with; the key is looked up again for every command. */
  fingerprint: string;
  sink: ChannelSink;
  input: Readable;
  signal: AbortSignal;
  /** Sends the exit status and closes the channel once all output is out. */
  finish(status: number): Promise<void>;
}

// A person at a plain ssh: no colour, hints written as ssh commands.
const SSH_STYLE: RenderStyle = {
  bold: (text) => text,
  ok: '✓',
  voice: voices.ssh,
  deploy: 'mypaas push',
};

/** Runs the request to its end, exit status sent; never throws. A change counts as in flight
 * until its client has the answer, so a stopping daemon never cuts one off mid-reply. */
export async function dispatch(deps: DispatchDeps, request: ExecRequest): Promise<number> {
  const config = await deps.refreshConfig();
  let events = false;
  let key: KeyRecord | null = null;
  let parsed: ParsedRequest;
  try {
    const argv = splitCommandLine(request.line);
    events = argv.includes(EVENTS_FLAG);
    key = currentKey(deps.engine, request.fingerprint);
    const words = argv.filter((word) => word !== EVENTS_FLAG);
    const read = parseRequest(deps.table, words, { input: request.input, daemon: deps.daemon });
    parsed = { ...read, key };
  } catch (err) {
    announce(deps, request, events, configNotices(config, key?.role === 'admin'));
    return answerError(deps, request, events, err);
  }
  // No command runs on a stale or restart-waiting config unannounced.
  announce(deps, request, events, configNotices(config, key.role === 'admin'));
  const execute = () => run(deps, request, events, parsed);
  if (!parsed.invocation.op.changes) return execute();
  try {
    return await deps.changes.track(execute);
  } catch (err) {
    // Refused to start: the daemon is stopping.
    const { op, request: asked } = parsed.invocation;
    auditRefusal(performContext(deps, request, parsed, events), op, asked, err);
    return answerError(deps, request, events, err);
  }
}

interface ParsedRequest {
  spec: CommandSpec;
  invocation: Invocation;
  key: KeyRecord;
  json: boolean;
}

// The command's words read into the operation and its request: everything that can be refused
// before the operation is asked for (USAGE). Pure: it returns a value and changes nothing.
function parseRequest(
  table: CommandSpec[],
  argv: string[],
  streams: Omit<CommandInput, 'args'>,
): Omit<ParsedRequest, 'key'> {
  const { spec, rest } = findCommand(table, argv);
  const args = parseCommandArgs(spec, rest);
  const invocation = spec.invocation({ ...streams, args });
  return { spec, invocation, json: args.values.json === true };
}

async function run(
  deps: DispatchDeps,
  request: ExecRequest,
  events: boolean,
  parsed: ParsedRequest,
): Promise<number> {
  // ssh2 reports a channel's close only once its input has ended: unread input would hide it.
  if (!parsed.spec.readsInput) request.input.resume();
  const ctx = performContext(deps, request, parsed, events);
  const { op, request: asked, text } = parsed.invocation;
  let result;
  try {
    result = await perform(ctx, op, asked);
  } catch (err) {
    return answerError(deps, request, events, err);
  }
  const out = channelOutput(request.sink, { events, logBug: deps.logBug });
  out.succeed(result, parsed.json ? jsonText(result) : text(result, SSH_STYLE));
  await request.finish(0);
  return 0;
}

function performContext(
  deps: DispatchDeps,
  request: ExecRequest,
  parsed: ParsedRequest,
  events: boolean,
): PerformContext {
  return {
    engine: deps.engine,
    principal: parsed.key,
    out: channelOutput(request.sink, { events, logBug: deps.logBug }),
    signal: request.signal,
    voice: voices.ssh,
    logBug: deps.logBug,
  };
}

async function answerError(
  deps: DispatchDeps,
  request: ExecRequest,
  events: boolean,
  thrown: unknown,
): Promise<number> {
  // A write that found the disk full where no closer code said so: the database or work dir.
  const err = diskFull(thrown, deps.engine.home);
  const status = channelOutput(request.sink, { events, logBug: deps.logBug }).fail(err);
  await request.finish(status);
  return status;
}

function announce(deps: DispatchDeps, request: ExecRequest, events: boolean, notices: string[]) {
  const out = channelOutput(request.sink, { events, logBug: deps.logBug });
  for (const notice of notices) out.warn(notice);
}

function currentKey(engine: Engine, fingerprint: string): KeyRecord {
  const key = findKey(engine.db, fingerprint);
  if (key?.fingerprint === fingerprint) return key;
  throw new MypaasError('AUTH_FAILED', `the key ${fingerprint} was removed from this host`, {
    hint: 'ask an admin to add it again with mypaas server keys add',
  });
}
