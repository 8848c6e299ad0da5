// One SSH session channel: `exec` runs a mypaas command; a shell request gets the list of
// commands and exit 1; X11, agent forwarding, env and subsystems (sftp, scp) are refused. A PTY
// request is granted without a PTY (`ssh -t host status` works), and output gets \r\n as a
// terminal in raw mode expects.
import type { Readable } from 'node:stream';
import type { ServerChannel, Session } from 'ssh2';
import type { ChannelSink } from './channel-output.js';

/** The streams of one exec channel, as the dispatcher uses them. */
export interface ChannelIo {
  sink: ChannelSink;
  input: Readable;
  /** Aborted when the channel closes or its connection goes (the client left). */
  signal: AbortSignal;
  /** Sends the exit status after all output, then EOF and close. */
  finish(status: number): Promise<void>;
}

/** What a session does with the requests it accepts. */
export interface SessionHandlers {
  /** Runs an exec string and finishes the channel through `io.finish`. */
  exec(line: string, io: ChannelIo): Promise<unknown>;
  /** What a client asking for a shell is told. */
  shellMessage(): string;
  log(text: string): void;
}

/** Serves one session; `gone` aborts when its connection closes. */
export function serveSession(session: Session, gone: AbortSignal, handlers: SessionHandlers): void {
  const refuse = (what: string) => (_accept: unknown, reject?: () => void) => {
    handlers.log(`refused a ${what} request`);
    reject?.();
  };
  let terminal = false;
  // No PTY is ever allocated: the request is granted so `ssh -t` goes on to send its command.
  session.on('pty', (accept) => {
    terminal = true;
    accept?.();
  });
  session.on('window-change', (accept) => accept?.());
  session.on('x11', refuse('x11 forwarding'));
  session.on('auth-agent', refuse('agent forwarding'));
  session.on('env', (_accept, reject) => reject?.());
  session.on('subsystem', refuse('subsystem'));
  session.on('sftp', refuse('sftp'));
  session.on('shell', (accept) => {
    const channel = accept() as ServerChannel | undefined; // undefined once the session ends
    if (!channel) return;
    const io = channelIo(channel, gone, terminal);
    io.sink.stderr(handlers.shellMessage());
    void io.finish(1);
  });
  session.on('exec', (accept, _reject, info) => {
    const channel = accept() as ServerChannel | undefined;
    if (!channel) return;
    const io = channelIo(channel, gone, terminal);
    handlers.exec(info.command, io).catch(() => io.finish(70));
  });
}

function channelIo(channel: ServerChannel, gone: AbortSignal, terminal: boolean): ChannelIo {
  const abort = new AbortController();
  const leave = () => abort.abort();
  channel.on('close', leave);
  if (gone.aborted) leave();
  else gone.addEventListener('abort', leave, { once: true });
  // A client that vanishes makes writes fail; the 'close' above is what matters then.
  channel.on('error', () => {});
  channel.stderr.on('error', () => {});
  const write = (stream: NodeJS.WritableStream, text: string) => {
    if (!abort.signal.aborted && stream.writable) {
      stream.write(terminal ? text.replace(/\r?\n/g, '\r\n') : text);
    }
  };
  const io: ChannelIo = {
    sink: { stdout: (text) => write(channel, text), stderr: (text) => write(channel.stderr, text) },
    input: channel,
    signal: abort.signal,
    // The exit status goes after all output has left, then EOF and close, whatever the
    // client's stdin is doing (an interactive ssh never sends EOF by itself).
    finish: async (status) => {
      await flushed(channel.stderr, io);
      await flushed(channel, io);
      gone.removeEventListener('abort', leave);
      if (io.signal.aborted) return;
      channel.exit(status);
      channel.end();
    },
  };
  return io;
}

// An empty write completes only after every write before it has gone out to the client.
async function flushed(stream: NodeJS.WritableStream, io: ChannelIo): Promise<void> {
  if (io.signal.aborted) return;
  await new Promise<void>((resolve) => {
    io.signal.addEventListener('abort', () => resolve(), { once: true });
    stream.write(Buffer.alloc(0), () => resolve());
  });
}
