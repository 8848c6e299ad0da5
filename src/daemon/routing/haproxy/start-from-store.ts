// Starts HAProxy with every route the driver stored, for `server init` and after a host reboot.
import type { Config } from '../../../config/schema.js';
import { ensureHaproxy } from './haproxy-process.js';
import { haproxyPaths } from './haproxy-paths.js';
import { renderHaproxyConfig } from './render-config.js';
import { stateFor } from './render-state.js';
import { loadRoutes } from './route-store.js';

/** Runs HAProxy if it is not running; true when it had to start it. */
export async function startHaproxyFromStore(
  home: string,
  proxy: Config['proxy'],
): Promise<boolean> {
  const { routes } = await loadRoutes(haproxyPaths(home).routes);
  const state = await stateFor(routes, {
    home,
    httpPort: proxy.httpPort,
    httpsPort: proxy.httpsPort,
    certsDir: proxy.certsDir,
    acme: true,
  });
  const { started } = await ensureHaproxy({ home, configText: renderHaproxyConfig(state) });
  return started;
}
