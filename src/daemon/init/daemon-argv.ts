// The daemon's command line after `node`, wherever it is started: systemd, the background launcher
// or the benchmarks. The flag gives V8 a starting heap large enough that receiving an upload does
// not cost a full collection every few milliseconds; bin/mypaas.js's #! line passes the same one.
export const NODE_FLAGS = ['--initial-heap-size=64'] as const;

/** node's arguments for running the daemon from the entry point `bin`. */
export function daemonArgv(bin: string): string[] {
  return [...NODE_FLAGS, bin, 'server', 'daemon'];
}
