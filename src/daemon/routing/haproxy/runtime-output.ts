// Reads the answers of HAProxy's runtime API: plain text in, plain data out, no I/O.

/** How HAProxy treats a server right now, reduced to what a swap cares about. */
export type ServerMode = 'ready' | 'drain' | 'maint' | 'down';

/** One row of `show servers state <backend>`. */
export interface ServerState {
  backend: string;
  name: string;
  host: string;
  port: number;
  weight: number;
  mode: ServerMode;
}

// srv_admin_state bits (HAProxy's SRV_ADMF_*): forced, inherited, config, resolution, hostname maint.
const MAINT_BITS = 0x01 | 0x02 | 0x04 | 0x20 | 0x40;
// Forced and inherited drain.
const DRAIN_BITS = 0x08 | 0x10;
// srv_op_state 2 = SRV_ST_RUNNING.
const RUNNING = 2;

/** The rows of `show servers state`, or null when the answer is not a table (an error). */
export function parseServersState(text: string): ServerState[] | null {
  const lines = text.split('\n');
  const header = lines.find((l) => l.startsWith('# be_id '));
  if (!header) return null;
  const columns = header.slice(2).split(' ');
  const at = (row: string[], column: string): string => row[columns.indexOf(column)] ?? '';
  return lines
    .filter((l) => l !== '' && !l.startsWith('#') && l.includes(' '))
    .map((l) => l.split(' '))
    .map((row) => ({
      backend: at(row, 'be_name'),
      name: at(row, 'srv_name'),
      host: at(row, 'srv_addr'),
      port: Number(at(row, 'srv_port')),
      weight: Number(at(row, 'srv_uweight')),
      mode: modeOf(Number(at(row, 'srv_op_state')), Number(at(row, 'srv_admin_state'))),
    }));
}

/** Current sessions plus queued requests of one server from `show stat` CSV; null if absent. */
export function parseServerLoad(text: string, server: string): number | null {
  const lines = text.split('\n');
  const header = lines.find((l) => l.startsWith('# pxname,'));
  if (!header) return null;
  const columns = header.slice(2).split(',');
  const row = lines
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.split(','))
    .find((cells) => cells[columns.indexOf('svname')] === server);
  if (!row) return null;
  const count = (column: string): number => Number(row[columns.indexOf(column)] || 0);
  return count('scur') + count('qcur');
}

/** The `Pid:` line of `show info`: the worker that answered. */
export function parseInfoPid(text: string): number | null {
  const match = /^Pid: (\d+)$/m.exec(text);
  return match ? Number(match[1]) : null;
}

function modeOf(opState: number, adminState: number): ServerMode {
  if (adminState & MAINT_BITS) return 'maint';
  if (adminState & DRAIN_BITS) return 'drain';
  return opState === RUNNING ? 'ready' : 'down';
}
