// A host set up by `server init` with the Traefik driver on the local Traefik image: its own home,
// free ports, network and container name, so tests run beside each other; all removed afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import type { Config } from '../../src/config/schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { initHost } from '../../src/daemon/init/init-host.js';
import { setupTraefik } from '../../src/daemon/init/setup-traefik.js';
import { requireDocker } from './docker.js';
import { freePort } from './free-port.js';
import { httpGetUntil } from './http.js';
import { ensureTraefikTestImage } from './traefik-image.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const program = { node: process.execPath, bin: join(root, 'bin/mypaas.js') };

/** What a test needs to reach the host's Traefik. */
export interface TraefikHost {
  docker: Docker;
  home: string;
  userHome: string;
  config: Config;
  container: string;
  network: string;
  httpPort: number;
  httpsPort: number;
  apiUrl: string;
  /** What `server init` reported. */
  changes: string[];
}

/** Runs `server init` for Traefik; `proxyToml` adds `[proxy]` lines to config.toml. */
export async function startTraefikHost(
  t: TestContext,
  proxyToml = '',
): Promise<TraefikHost | undefined> {
  const docker = await requireDocker(t);
  if (!docker) return undefined;
  const image = await ensureTraefikTestImage(docker);
  const id = randomBytes(4).toString('hex');
  const home = await mkdtemp(join(tmpdir(), 'mypaas-traefik-home-'));
  const userHome = await mkdtemp(join(tmpdir(), 'mypaas-traefik-user-'));
  const container = `mypaas-test-traefik-${id}`;
  const network = `mypaas-test-traefik-${id}`;
  t.after(async () => {
    await docker
      .getContainer(container)
      .remove({ force: true })
      .catch(() => {});
    const attached = await docker.listContainers({ all: true, filters: { network: [network] } });
    for (const c of attached) await docker.getContainer(c.Id).remove({ force: true });
    await docker
      .getNetwork(network)
      .remove()
      .catch(() => {});
    await rm(home, { recursive: true, force: true });
    await rm(userHome, { recursive: true, force: true });
  });
  const [httpPort, httpsPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  await writeFile(
    join(home, 'config.toml'),
    `[proxy]\ndriver = "traefik"\ntraefik_image = "${image}"\nhttp_port = ${httpPort}\n` +
      `https_port = ${httpsPort}\napi_port = ${apiPort}\n${proxyToml}\n[deploy]\nnetwork = "${network}"\n`,
  );
  const report = await initHost({
    home,
    userHome,
    program,
    noDaemon: true,
    traefikContainer: container,
  });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  await untilPing(apiUrl);
  return {
    docker,
    home,
    userHome,
    config: report.config,
    container,
    network,
    httpPort,
    httpsPort,
    apiUrl,
    changes: report.changes,
  };
}

/** The `[proxy]` lines for Traefik on the local image and free ports (before `runTraefik`). */
export async function traefikProxyToml(docker: Docker): Promise<string> {
  const image = await ensureTraefikTestImage(docker);
  const [http, https, api] = [await freePort(), await freePort(), await freePort()];
  return `driver = "traefik"\ntraefik_image = "${image}"\nhttp_port = ${http}\nhttps_port = ${https}\napi_port = ${api}`;
}

/** Runs server init's Traefik step for an existing home (e.g. a deploy fixture's); removed after. */
export async function runTraefik(
  t: TestContext,
  docker: Docker,
  home: string,
  userHome: string,
): Promise<Config> {
  const config = await loadConfig(home, { userHome });
  const container = `mypaas-test-traefik-${randomBytes(4).toString('hex')}`;
  t.after(() =>
    docker
      .getContainer(container)
      .remove({ force: true })
      .catch(() => {}),
  );
  await setupTraefik(docker, home, config, container);
  await untilPing(`http://127.0.0.1:${config.proxy.apiPort}`);
  return config;
}

// Traefik answers /ping once its entrypoints listen.
async function untilPing(apiUrl: string): Promise<void> {
  await httpGetUntil(`${apiUrl}/ping`, { deadlineMs: 20_000, intervalMs: 50 });
}
