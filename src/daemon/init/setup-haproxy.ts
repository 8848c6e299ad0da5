// `server init` for the HAProxy driver: its certificates folder and a running HAProxy.
import { mkdir } from 'node:fs/promises';
import type { Config } from '../../config/schema.js';
import { startHaproxyFromStore } from '../routing/haproxy/start-from-store.js';

/** Starts HAProxy with the stored routes when it is not running; returns what it changed. */
export async function setupHaproxy(home: string, config: Config): Promise<string[]> {
  await mkdir(config.proxy.certsDir, { recursive: true, mode: 0o700 });
  const started = await startHaproxyFromStore(home, config.proxy);
  const { httpPort, httpsPort } = config.proxy;
  return started
    ? [`started HAProxy on :${httpPort} (https :${httpsPort} once certs_dir holds a <host>.pem)`]
    : [];
}
