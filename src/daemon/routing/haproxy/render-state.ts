// The render input for a set of routes: the router's ports, the certificates found on disk, the
// runtime socket; and the structure digest that decides between a runtime change and a reload.
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { MypaasError } from '../../../core/errors.js';
import type { Route } from '../router.js';
import { backendName } from './haproxy-names.js';
import { prepareCertificateFiles } from './crt-list.js';
import { haproxyPaths } from './haproxy-paths.js';
import { renderHaproxyStructure, type HaproxyState } from './render-config.js';

/** What the state depends on besides the routes. */
export interface StateOptions {
  home: string;
  httpPort: number;
  httpsPort: number;
  certsDir: string | null;
  bindAddress?: string;
  /** Automatic certificates on: certsDir's certificates go through a crt-list (crt-list.ts). */
  acme?: boolean;
}

/** The HaproxyState for `routes`; ROUTE_FAILED when two of them would share a backend name. */
export async function stateFor(routes: Route[], options: StateOptions): Promise<HaproxyState> {
  const names = new Map<string, string>();
  for (const r of routes) {
    const name = backendName(r.service, r.env);
    const other = names.get(name);
    if (other !== undefined) {
      throw new MypaasError(
        'ROUTE_FAILED',
        `${other} and ${r.service}/${r.env} both map to ${name}`,
      );
    }
    names.set(name, `${r.service}/${r.env}`);
  }
  const { home, httpPort, httpsPort, bindAddress } = options;
  if (options.acme && options.certsDir) {
    const handPlaced = await prepareCertificateFiles(home, options.certsDir);
    const paths = haproxyPaths(home);
    return {
      routes,
      httpPort,
      httpsPort,
      certsDir: options.certsDir,
      certFiles: handPlaced,
      runtimeSocket: paths.runtimeSocket,
      acme: { crtList: paths.crtList, challengeMap: paths.challengeMap },
      ...(bindAddress === undefined ? {} : { bindAddress }),
    };
  }
  const certFiles = options.certsDir ? await pemFiles(options.certsDir) : [];
  return {
    routes,
    httpPort,
    httpsPort,
    certsDir: certFiles.length > 0 ? options.certsDir : null,
    certFiles,
    runtimeSocket: haproxyPaths(home).runtimeSocket,
    ...(bindAddress === undefined ? {} : { bindAddress }),
  };
}

/** Digest of the config minus its server lines (the certificate list it loads included). */
export function structureOf(state: HaproxyState): string {
  // With a crt-list the config names no certificate: a hand-placed one added or gone reloads.
  const listed = state.acme ? `\n${(state.certFiles ?? []).join('\n')}` : '';
  return createHash('sha256')
    .update(renderHaproxyStructure(state) + listed)
    .digest('hex');
}

async function pemFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.pem'))
    .map((e) => e.name)
    .sort();
}
