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
  /** The certificates the https frontend loads, one file per line (automatic certificates on). */
  crtList: string;
  /** HTTP-01 answers: `/.well-known/acme-challenge/<token> <key authorization>` per line. */
  challengeMap: string;
  /** The certificate served to names no other one covers, so the https frontend always exists. */
  defaultCert: string;
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
    crtList: join(dir, 'certs.list'),
    challengeMap: join(dir, 'acme-challenges.map'),
    defaultCert: join(dir, 'default.pem'),
  };
}
