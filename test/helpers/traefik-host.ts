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
import { initHost, type InitReport } from '../../src/daemon/init/init-host.js';
import { setupTraefik } from '../../src/daemon/init/setup-traefik.js';
import { requireDocker } from './docker.js';
import { freePort } from './free-port.js';
import { ensureTraefikTestImage } from './traefik-image.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const program = { node: process.execPath, bin: join(root, 'bin/mypaas.js') };

/** A host's home and ports before `server init` ran. */
export interface TraefikHostSetup {
  docker: Docker;
  home: string;
  userHome: string;
  container: string;
  network: string;
  httpPort: number;
  httpsPort: number;
  apiUrl: string;
  /** Writes config.toml: the ports, the local image, and `proxyToml`'s extra `[proxy]` lines. */
  writeConfig(proxyToml?: string): Promise<void>;
  /** Runs `server init` (without the daemon) for this home. */
  init(): Promise<InitReport>;
}

/** What a test needs to reach the host's Traefik. */
export interface TraefikHost extends TraefikHostSetup {
  config: Config;
  /** What `server init` reported. */
  changes: string[];
}

export interface TraefikHostOptions {
  /** Extra `[proxy]` lines for config.toml. */
  proxyToml?: string;
  /** The http port, when something else must know it first (pebble); a free one otherwise. */
  httpPort?: number;
}

/** Runs `server init` for Traefik on the local image and free ports. */
export async function startTraefikHost(
  t: TestContext,
  options: TraefikHostOptions = {},
): Promise<TraefikHost | undefined> {
  const setup = await prepareTraefikHost(t, options);
  if (!setup) return undefined;
  await setup.writeConfig(options.proxyToml);
  const report = await setup.init();
  return { ...setup, config: report.config, changes: report.changes };
}

/** A home, ports, network and container name for a Traefik host; all removed after the test. */
export async function prepareTraefikHost(
  t: TestContext,
  options: Pick<TraefikHostOptions, 'httpPort'> = {},
): Promise<TraefikHostSetup | undefined> {
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
  const httpPort = options.httpPort ?? (await freePort());
  const [httpsPort, apiPort] = [await freePort(), await freePort()];
  return {
    docker,
    home,
    userHome,
    container,
    network,
    httpPort,
    httpsPort,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    writeConfig: (proxyToml = '') =>
      writeFile(
        join(home, 'config.toml'),
        `[proxy]\ndriver = "traefik"\ntraefik_image = "${image}"\nhttp_port = ${httpPort}\n` +
          `https_port = ${httpsPort}\napi_port = ${apiPort}\n${proxyToml}\n` +
          `[deploy]\nnetwork = "${network}"\n`,
      ),
    init: () => initHost({ home, userHome, program, noDaemon: true, traefikContainer: container }),
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
  await setupTraefik(docker, home, config, container); // it returns once Traefik answers
  return config;
}
