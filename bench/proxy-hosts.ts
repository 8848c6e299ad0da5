// The two real proxies for benchmarks, each on its own temp home and free ports: HAProxy run by
// its driver, and Traefik run by server init's step from the local image (test/helpers).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { loadConfig } from '../src/config/load-config.js';
import { setupTraefik } from '../src/daemon/init/setup-traefik.js';
import { stopHaproxy } from '../src/daemon/routing/haproxy/haproxy-process.js';
import { freePort } from '../test/helpers/free-port.js';
import { httpGetUntil } from '../test/helpers/http.js';
import { ensureTraefikTestImage } from '../test/helpers/traefik-image.js';

/** The drivers benchmarks compare. */
export const DRIVERS = ['haproxy', 'traefik'] as const;
export type Driver = (typeof DRIVERS)[number];

/** A home whose config.toml names `driver` on free ports, with its proxy running (Traefik) or to be
 *  started by its driver (HAProxy); `stop` removes everything. */
export interface ProxyHome {
  home: string;
  httpPort: number;
  stop: () => Promise<void>;
}

/** Writes config.toml (plus `deployToml` under [deploy]) and starts Traefik when asked for. */
export async function proxyHome(driver: Driver, deployToml: string): Promise<ProxyHome> {
  const docker = new Docker();
  const home = await mkdtemp(join(tmpdir(), `mypaas-bench-${driver}-`));
  const [httpPort, httpsPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const image =
    driver === 'traefik' ? `traefik_image = "${await ensureTraefikTestImage(docker)}"\n` : '';
  await writeFile(
    join(home, 'config.toml'),
    `[proxy]\ndriver = "${driver}"\n${image}http_port = ${httpPort}\nhttps_port = ${httpsPort}\n` +
      `api_port = ${apiPort}\n[deploy]\n${deployToml}\n`,
  );
  const container = `mypaas-bench-traefik-${randomBytes(4).toString('hex')}`;
  const stop = async (): Promise<void> => {
    await docker
      .getContainer(container)
      .remove({ force: true })
      .catch(() => {});
    await stopHaproxy(home);
    await rm(home, { recursive: true, force: true });
  };
  if (driver === 'traefik') {
    try {
      await setupTraefik(docker, home, await loadConfig(home, { userHome: home }), container);
      await httpGetUntil(`http://127.0.0.1:${apiPort}/ping`, {
        deadlineMs: 20_000,
        intervalMs: 50,
      });
    } catch (err) {
      await stop();
      throw err;
    }
  }
  return { home, httpPort, stop };
}
