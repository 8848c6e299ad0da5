// Where the HAProxy driver keeps its files under the mypaas home: one directory, fixed names.
import { join } from 'node:path';

/** The files of one HAProxy instance. */
export interface HaproxyPaths {
  dir: string;
  config: string;
  /** The master CLI: `show proc`, `reload`, `@!<pid>` to reach any worker. */
  masterSocket: string;
  /** The runtime API (`stats socket`) of the current worker. */
  runtimeSocket: string;
  pidfile: string;
  /** The driver's memory of every route (route-store.ts). */
  routes: string;
}

/** The paths under `<home>/haproxy`. */
export function haproxyPaths(home: string): HaproxyPaths {
  const dir = join(home, 'haproxy');
  return {
    dir,
    config: join(dir, 'haproxy.cfg'),
    masterSocket: join(dir, 'master.sock'),
    runtimeSocket: join(dir, 'admin.sock'),
    pidfile: join(dir, 'haproxy.pid'),
    routes: join(dir, 'routes.json'),
  };
}
