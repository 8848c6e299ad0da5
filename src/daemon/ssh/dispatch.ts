// Runs one exec string: split it, find the command, check the key may run it, run it, audit it,
// and answer in text or JSON-lines events. Returns the exit status for the channel.
import type { Readable } from 'node:stream';
import { diskFull } from '../../core/disk-full.js';
import { MypaasError } from '../../core/errors.js';
import { EVENTS_FLAG } from '../../core/protocol.js';
import type { Engine } from '../engine.js';
import { findKey, type KeyRecord } from '../state/keys.js';
import type { ChangeTracker } from './change-tracker.js';
import { channelOutput, type ChannelSink } from './channel-output.js';
import { auditDraft, recordCall, type AuditDraft } from './call-audit.js';
import { jsonText, parseCommandArgs } from './command-args.js';
import type { CommandArgs, CommandContext, CommandSpec, DaemonServices } from './command.js';
import { splitCommandLine } from './command-line.js';
import { findCommand } from './command-table.js';
import { assertAdmin, assertMayTouch } from './permissions.js';

/** What the daemon gives the dispatcher once. */
export interface DispatchDeps {
  engine: Engine;
  daemon: DaemonServices;
  changes: ChangeTracker;
  table: CommandSpec[];
  logBug: (err: unknown) => void;
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

/** Runs the request to its end, exit status sent; never throws. A change counts as in flight
 * until its client has the answer, so a stopping daemon never cuts one off mid-reply. */
export async function dispatch(deps: DispatchDeps, request: ExecRequest): Promise<number> {
  const call: Call = { events: false, audit: null, key: null };
  let planned: Planned;
  try {
    planned = plan(deps, request, call);
  } catch (err) {
    return answerError(deps, request, call, err);
  }
  const execute = () => run(deps, request, call, planned);
  if (!call.audit) return execute();
  try {
    return await deps.changes.track(execute);
  } catch (err) {
    return answerError(deps, request, call, err); // refused to start: the daemon is stopping
  }
}

interface Call {
  events: boolean;
  audit: AuditDraft | null;
  key: KeyRecord | null;
}

interface Planned {
  spec: CommandSpec;
  args: CommandArgs;
  key: KeyRecord;
}

// Everything that can be refused before the command runs.
function plan(deps: DispatchDeps, request: ExecRequest, call: Call): Planned {
  let argv = splitCommandLine(request.line);
  call.events = argv.includes(EVENTS_FLAG);
  argv = argv.filter((word) => word !== EVENTS_FLAG);
  const key = currentKey(deps.engine, request.fingerprint);
  call.key = key;
  const { spec, rest } = findCommand(deps.table, argv);
  const args = parseCommandArgs(spec, rest);
  if (spec.changes(args)) call.audit = auditDraft(spec, args);
  checkAccess(spec, args, key);
  return { spec, args, key };
}

async function run(
  deps: DispatchDeps,
  request: ExecRequest,
  call: Call,
  { spec, args, key }: Planned,
): Promise<number> {
  // ssh2 reports a channel's close only once its input has ended: unread input would hide it.
  if (!spec.readsInput) request.input.resume();
  const out = channelOutput(request.sink, { events: call.events, logBug: deps.logBug });
  let result;
  try {
    result = await spec.run(context(deps, request, key, args, out, call.audit));
  } catch (err) {
    return answerError(deps, request, call, err);
  }
  audited(
    deps,
    () => call.audit && recordCall(deps.engine, key, call.audit, { detail: result.detail ?? null }),
  );
  out.succeed(result.data, args.values.json === true ? jsonText(result.data) : result.text);
  await request.finish(0);
  return 0;
}

async function answerError(
  deps: DispatchDeps,
  request: ExecRequest,
  call: Call,
  thrown: unknown,
): Promise<number> {
  // A write that found the disk full where no closer code said so: the database or work dir.
  const err = diskFull(thrown, deps.engine.home);
  audited(
    deps,
    () => call.audit && call.key && recordCall(deps.engine, call.key, call.audit, { error: err }),
  );
  const status = channelOutput(request.sink, { events: call.events, logBug: deps.logBug }).fail(
    err,
  );
  await request.finish(status);
  return status;
}

// The command's answer must not depend on the audit log being writable; a failure there is a bug.
function audited(deps: DispatchDeps, write: () => unknown): void {
  try {
    write();
  } catch (err) {
    deps.logBug(err);
  }
}

function currentKey(engine: Engine, fingerprint: string): KeyRecord {
  const key = findKey(engine.db, fingerprint);
  if (key?.fingerprint === fingerprint) return key;
  throw new MypaasError('AUTH_FAILED', `the key ${fingerprint} was removed from this host`, {
    hint: 'ask an admin to add it again with mypaas server keys add',
  });
}

function checkAccess(spec: CommandSpec, args: CommandArgs, key: KeyRecord): void {
  if (spec.adminOnly) assertAdmin(key, spec.name);
  const service = spec.service?.(args);
  if (service !== undefined) assertMayTouch(key, service);
}

function context(
  deps: DispatchDeps,
  request: ExecRequest,
  key: KeyRecord,
  args: CommandArgs,
  out: ReturnType<typeof channelOutput>,
  audit: AuditDraft | null,
): CommandContext {
  return {
    engine: deps.engine,
    key,
    args,
    out,
    input: request.input,
    signal: request.signal,
    daemon: deps.daemon,
    setTarget: (target) => {
      if (audit) audit.target = target;
    },
  };
}
