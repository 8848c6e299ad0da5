// The daemon's command line after `node`, wherever it is started: systemd, the background launcher
// or the benchmarks.
import { NODE_FLAGS } from '../../core/node-flags.js';

/** node's arguments for running the daemon from the entry point `bin`. */
export function daemonArgv(bin: string): string[] {
  return [...NODE_FLAGS, bin, 'server', 'daemon'];
}
