// What a command writes back over its SSH channel: readable text for a plain `ssh` client, or the
// JSON-lines events of protocol.ts when the mypaas CLI asked for them with --events=json.
import { MypaasError, isMypaasError } from '../../core/errors.js';
import { escapeControls } from '../../core/escape-controls.js';
import { encodeEvent, type DaemonEvent } from '../../core/protocol.js';
import type { DeployOutput } from '../deploy/deploy-output.js';

/** The two streams of an exec channel; writes after the client left are dropped. */
export interface ChannelSink {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A DeployOutput that also carries passed-through lines and the command's final result. */
export interface ChannelOutput extends DeployOutput {
  /** Output of `logs` and the like, passed through as is. */
  line(text: string): void;
  /** The command worked: `data` for programs, `text` for people. */
  succeed(data: unknown, text: string): void;
  /** The command failed; returns the exit status to send. */
  fail(err: unknown): number;
}

/** Exit statuses: 0 ok, 1 failed, 2 refused or misused, 70 a bug in the daemon. */
export function exitStatus(err: unknown): number {
  if (!isMypaasError(err)) return 70;
  return err.code === 'USAGE' || err.code === 'COMMAND_REFUSED' ? 2 : 1;
}

/**
 * Renders to `sink` as events (`events`) or text; bugs go to `logBug` in full, to the client in
 * brief. Text is for a person at a plain `ssh`, whose terminal the daemon cannot see (it grants no
 * PTY): control characters in it (an app's escape sequences) are shown escaped, never obeyed.
 * Events carry lines as they are, JSON-escaped; the mypaas CLI decides how to show them.
 */
export function channelOutput(
  raw: ChannelSink,
  options: { events: boolean; logBug: (err: unknown) => void },
): ChannelOutput {
  const { events } = options;
  const emit = (event: DaemonEvent) => raw.stdout(encodeEvent(event));
  const sink: ChannelSink = {
    stdout: (text) => raw.stdout(escapeControls(text)),
    stderr: (text) => raw.stderr(escapeControls(text)),
  };
  return {
    step: (text) => (events ? emit({ type: 'step', text }) : sink.stdout(`==> ${text}\n`)),
    build: (line) => (events ? emit({ type: 'build', line }) : sink.stdout(`${line}\n`)),
    warn: (text) => (events ? emit({ type: 'warn', text }) : sink.stderr(`warning: ${text}\n`)),
    line: (text) => (events ? emit({ type: 'line', text }) : sink.stdout(`${text}\n`)),
    succeed: (data, text) =>
      events ? emit({ type: 'result', ok: true, data }) : sink.stdout(text),
    fail: (err) => {
      if (!isMypaasError(err)) options.logBug(err);
      const shown = isMypaasError(err) ? err : internal(err);
      if (events) {
        const error = {
          code: shown.code,
          message: shown.message,
          ...(shown.hint === undefined ? {} : { hint: shown.hint }),
          ...(shown.details.length === 0 ? {} : { details: [...shown.details] }),
        };
        emit({ type: 'result', ok: false, error });
      } else {
        sink.stderr(
          `error: ${shown.message}\n` +
            shown.details.map((line) => `  ${line}\n`).join('') +
            (shown.hint === undefined ? '' : `hint: ${shown.hint}\n`),
        );
      }
      return exitStatus(err);
    },
  };
}

function internal(err: unknown): MypaasError {
  const reason = err instanceof Error ? err.message : String(err);
  return new MypaasError('INTERNAL', `the mypaas daemon hit an internal error: ${reason}`, {
    hint: "this is a bug; the daemon's log has the details, please report them",
  });
}
