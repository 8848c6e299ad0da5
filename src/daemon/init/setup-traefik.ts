// `server init` for the Traefik driver: static config, its directories, and the container.
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import type { ContainerInspectInfo, MountSettings } from 'dockerode';
import type { Config } from '../../config/schema.js';
import { traefikDirs } from '../engine.js';
import { MypaasError } from '../../core/errors.js';
import { statusCode } from '../runtime/docker-errors.js';
import { pingTraefik } from '../routing/traefik/traefik-api.js';
import { renderTraefikStaticToml } from '../routing/traefik/render-static.js';
import { writeFileAtomic } from '../../core/write-file-atomic.js';
import {
  ensureTraefikImage,
  TRAEFIK_CONTAINER_NAME,
  TRAEFIK_PATHS,
  traefikContainerOptions,
} from '../routing/traefik/traefik-container.js';

// How long a (re)started Traefik may take to listen; generous, as a loaded host is slow.
const READY_TIMEOUT_MS = 30_000;

/** Writes Traefik's files, runs `mypaas-traefik` and waits until it answers; returns what it
 * changed, in words. */
export async function setupTraefik(
  docker: Docker,
  home: string,
  config: Config,
  // Tests that run beside each other each need their own; a host has one.
  name: string = TRAEFIK_CONTAINER_NAME,
): Promise<string[]> {
  const { proxy } = config;
  await ensureTraefikImage(docker, proxy.traefikImage);
  const dirs = traefikDirs(home);
  await mkdir(dirs.dynamicDir, { recursive: true });
  await mkdir(dirs.acmeDir, { recursive: true, mode: 0o700 });
  const acme = join(dirs.acmeDir, 'acme.json');
  await writeFile(acme, '', { flag: 'a', mode: 0o600 });
  await chmod(acme, 0o600); // Traefik refuses ACME storage readable by others.
  const configFile = join(dirs.root, 'traefik.toml');
  const text = renderTraefikStaticToml({
    email: proxy.email,
    httpPort: proxy.httpPort,
    httpsPort: proxy.httpsPort,
    apiPort: proxy.apiPort,
    dynamicDir: TRAEFIK_PATHS.dynamicDir,
    acmeStorage: TRAEFIK_PATHS.acmeStorage,
    caServer: proxy.acmeCaServer,
  });
  const changes: string[] = [];
  const before = await readFile(configFile, 'utf8').catch(() => undefined);
  if (before !== text) {
    await writeFileAtomic(configFile, text);
    changes.push(`wrote ${configFile}`);
  }
  const container = docker.getContainer(name);
  const current = await container.inspect().catch((err: unknown) => {
    if (statusCode(err) === 404) return undefined;
    throw err;
  });
  const options = traefikContainerOptions({
    image: proxy.traefikImage,
    home,
    configFile,
    dynamicDir: dirs.dynamicDir,
    acmeDir: dirs.acmeDir,
    ...(proxy.acmeCaRoot === '' ? {} : { caRootFile: proxy.acmeCaRoot }),
    name,
  });
  const caRoot = proxy.acmeCaRoot === '' ? undefined : proxy.acmeCaRoot;
  const recreate =
    current !== undefined &&
    (current.Config.Image !== proxy.traefikImage || mountedCaRoot(current) !== caRoot);
  if (current && recreate) {
    await container.remove({ force: true });
    changes.push(
      current.Config.Image !== proxy.traefikImage
        ? `replaced ${name} (image ${current.Config.Image} -> ${proxy.traefikImage})`
        : `replaced ${name} (acme_ca_root changed)`,
    );
  }
  if (!current || recreate) {
    await (await docker.createContainer(options)).start();
    changes.push(`started ${name} (${proxy.traefikImage})`);
  } else if (current.State.Restarting) {
    await container.restart(); // now, not after Docker's growing back-off
    changes.push(`restarted ${name}, which kept exiting`);
  } else if (!current.State.Running) {
    await container.start();
    changes.push(`started ${name}`);
  } else if (before !== text) {
    await container.restart(); // the static config is read at start only
    changes.push(`restarted ${name} for its new static config`);
  }
  await untilAnswering(container, `http://127.0.0.1:${proxy.apiPort}`);
  return changes;
}

// A container that runs is not yet a proxy that serves: a bad static config or a taken port
// shows only in its log, so init waits for /ping and names that log when it never answers.
async function untilAnswering(container: Docker.Container, apiUrl: string): Promise<void> {
  const name = container.id;
  const giveUpAt = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (await pingTraefik(apiUrl)) return;
    const { State } = await container.inspect();
    // A restart policy brings it back, to fail again: restarting counts as exited.
    const failed =
      !State.Running || State.Restarting
        ? `exited with code ${State.ExitCode} before it answered ${apiUrl}/ping`
        : Date.now() > giveUpAt
          ? `did not answer ${apiUrl}/ping within ${READY_TIMEOUT_MS / 1000} s`
          : undefined;
    if (failed !== undefined) {
      throw new MypaasError('PROXY_UNAVAILABLE', `Traefik (container ${name}) ${failed}`, {
        hint:
          `See why with \`docker logs ${name}\` (a port another program holds, or a bad [proxy] ` +
          'setting in config.toml), fix it, and run `mypaas server init` again.',
      });
    }
    await sleep(100);
  }
}

// The host file mounted as the extra ACME roots, read back from the running container.
function mountedCaRoot(current: ContainerInspectInfo): string | undefined {
  const mounts = (current.HostConfig as { Mounts?: MountSettings[] }).Mounts ?? [];
  return mounts.find((m) => m.Target === TRAEFIK_PATHS.caRoot)?.Source;
}
