// HAProxy's master CLI: which workers exist (current and old ones still finishing requests), how
// many reloads happened or failed, and a runtime API for any one worker.
import { MypaasError } from '../../../core/errors.js';
import { createRuntimeApi, type RuntimeApi } from './runtime-api.js';
import { sendCommand } from './socket-command.js';

/** The answer of `show proc`. */
export interface ProcessTable {
  masterPid: number;
  reloads: number;
  failedReloads: number;
  /** The worker(s) accepting new connections. */
  workers: number[];
  /** Workers of earlier configs that still finish their in-flight requests. */
  oldWorkers: number[];
}

/** Reads the master's process table; throws PROXY_UNAVAILABLE when the master does not answer. */
export async function showProc(masterSocket: string): Promise<ProcessTable> {
  const answer = await sendCommand(masterSocket, 'show proc');
  const table = parseShowProc(answer);
  if (!table) {
    throw new MypaasError('PROXY_UNAVAILABLE', `unexpected "show proc" answer: ${answer.trim()}`);
  }
  return table;
}

/** The runtime API of worker `pid`, reached through the master (works for old workers too). */
export function workerApi(masterSocket: string, pid: number): RuntimeApi {
  return createRuntimeApi((command) => sendCommand(masterSocket, `@!${pid} ${command}`));
}

/** Parses `show proc`; null when the text is not a process table. */
export function parseShowProc(text: string): ProcessTable | null {
  let section = '';
  let master: ProcessTable | null = null;
  const workers: number[] = [];
  const oldWorkers: number[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) {
      section = line.trim();
      continue;
    }
    const [pid, type] = line.trim().split(/\s+/);
    if (!pid || !/^\d+$/.test(pid)) continue;
    const match = /^\s*\d+\s+master\s+(\d+)\s+\[failed: (\d+)\]/.exec(line);
    if (match) {
      master = {
        masterPid: Number(pid),
        reloads: Number(match[1]),
        failedReloads: Number(match[2]),
        workers,
        oldWorkers,
      };
    } else if (type === 'worker') {
      (section === '# old workers' ? oldWorkers : workers).push(Number(pid));
    }
  }
  return master;
}
