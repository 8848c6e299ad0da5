// `mypaas push` wants node started with NODE_FLAGS; when it was not (a #! line cannot pass flags
// portably), the command runs once more in a child node that has them. Costs one node start-up.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { NODE_FLAGS } from '../core/node-flags.js';

/** True when this process lacks one of NODE_FLAGS. */
export function missingNodeFlags(execArgv: readonly string[] = process.execArgv): boolean {
  return NODE_FLAGS.some((flag) => !execArgv.includes(flag));
}

/** Runs `argv` (process.argv shape) in a child node with NODE_FLAGS; resolves to its exit code. */
export function rerunWithNodeFlags(argv: readonly string[]): Promise<number> {
  // The IPC channel is how the child learns that this process is gone, even by SIGKILL.
  const child = spawn(process.execPath, [...NODE_FLAGS, ...process.execArgv, ...argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  // The terminal signals the whole process group; a signal sent to this process alone goes on.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const pass = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of signals) process.on(signal, pass);
  return new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)),
    );
  }).finally(() => {
    for (const signal of signals) process.off(signal, pass);
  });
}

/** In a rerun child: stop (as if by SIGTERM) when the parent goes away without waiting for us. */
export function exitWithParent(): void {
  if (!process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
