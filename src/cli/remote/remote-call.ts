// Runs one command on the daemon over an SSH exec channel and renders its JSON-lines events as they come.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import type { Client, ClientChannel } from 'ssh2';
import { MypaasError } from '../../core/errors.js';
import { decodeEvent, type DaemonEvent } from '../../core/protocol.js';
import type { DeployOutput } from '../../daemon/deploy/deploy-output.js';

/** The daemon's last word: data, or an error with code, message, hint and details. */
export type ResultEvent = Extract<DaemonEvent, { type: 'result' }>;

/** Where a call's output goes while it runs. */
export interface CallOutput {
  /** `step`, `build` and `warn` events. */
  deploy: DeployOutput;
  /** `line` events (e.g. `logs`), and stdout lines that are not events. */
  line: (text: string) => void;
  /** The channel's stderr, passed through. */
  stderr: (text: string) => void;
  /** Runs before anything is written, e.g. to erase a progress line. */
  beforeWrite?: () => void;
}

/** One exec: the command string, what to stream into its stdin, and how to stop it early. */
export interface CallOptions {
  command: string;
  stdin?: Readable;
  signal?: AbortSignal;
  output: CallOutput;
}

/** How the call ended; `callData` turns it into data or an error. */
export interface CallOutcome {
  result?: ResultEvent;
  exitCode?: number;
  /** Stopped through `signal` (e.g. Ctrl-C during `logs -f`). */
  interrupted: boolean;
  /** Why streaming stdin failed, if it did. */
  uploadError?: unknown;
  /** The last stdout lines that were not events, for the error when no result came. */
  stray: string[];
}

/** Runs `command` and resolves when the channel closes; events are rendered as they arrive. */
export async function remoteCall(client: Client, options: CallOptions): Promise<CallOutcome> {
  const { output } = options;
  const channel = await new Promise<ClientChannel>((resolve, reject) => {
    client.exec(options.command, (err, ch) =>
      err
        ? reject(
            new MypaasError(
              'SSH_FAILED',
              `the server refused to run ${JSON.stringify(options.command)}: ${err.message}`,
              { cause: err },
            ),
          )
        : resolve(ch),
    );
  });
  const outcome: CallOutcome = { interrupted: false, stray: [] };
  const closed = new Promise<void>((resolve) => {
    channel.once('close', resolve);
    client.once('close', resolve);
  });
  const lines = lineSplitter((line) => {
    output.beforeWrite?.();
    const event = decodeEvent(line);
    if (event?.type === 'result') outcome.result = event;
    else if (event) render(event, output);
    else {
      output.line(line);
      outcome.stray = [...outcome.stray.slice(-9), line];
    }
  });
  channel.on('data', (chunk: Buffer) => lines.push(chunk));
  channel.stderr.on('data', (chunk: Buffer) => {
    output.beforeWrite?.();
    output.stderr(chunk.toString('utf8'));
  });
  channel.on('exit', (code: unknown) => {
    if (typeof code === 'number') outcome.exitCode = code;
  });
  // Commands without input get EOF at once; the daemon must not read it as "stop" (logs -f).
  let upload = Promise.resolve();
  if (options.stdin) {
    upload = pipeline(options.stdin, channel).catch((err: unknown) => {
      outcome.uploadError = err;
    });
  } else channel.end();
  const stop = () => {
    outcome.interrupted = true;
    channel.close();
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  try {
    await closed;
    lines.flush();
    options.stdin?.destroy();
    await upload;
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
  return outcome;
}

/** The result's data; a failed result becomes the daemon's MypaasError, no result an SSH_FAILED. */
export function callData(outcome: CallOutcome, what: string, server: string): unknown {
  const { result } = outcome;
  if (result?.ok) return result.data;
  if (result) {
    const { code, message, hint, details } = result.error;
    throw new MypaasError(code, message, { ...(hint ? { hint } : {}), details: details ?? [] });
  }
  if (outcome.interrupted) return undefined;
  if (outcome.uploadError instanceof MypaasError) throw outcome.uploadError;
  const status = outcome.exitCode === undefined ? '' : ` (exit status ${outcome.exitCode})`;
  throw new MypaasError(
    'SSH_FAILED',
    `${server} ended ${JSON.stringify(what)} without a result${status}`,
    {
      details: outcome.stray,
      hint: 'is the mypaas daemon what listens there? A plain sshd runs a shell instead, which knows no mypaas commands',
      ...(outcome.uploadError ? { cause: outcome.uploadError } : {}),
    },
  );
}

function render(event: Exclude<DaemonEvent, ResultEvent>, output: CallOutput): void {
  if (event.type === 'step') output.deploy.step(event.text);
  else if (event.type === 'build') output.deploy.build(event.line);
  else if (event.type === 'warn') output.deploy.warn(event.text);
  else if (event.type === 'line') output.line(event.text);
}

// Splits a byte stream into UTF-8 lines without breaking characters across chunks.
function lineSplitter(onLine: (line: string) => void) {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  const emit = (text: string) => {
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    for (const part of parts) onLine(part.replace(/\r$/, ''));
  };
  return {
    push: (chunk: Buffer) => emit(decoder.write(chunk)),
    flush: () => {
      emit(decoder.end());
      if (partial !== '') onLine(partial);
      partial = '';
    },
  };
}
