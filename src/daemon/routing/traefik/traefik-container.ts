// The Traefik container `server init` runs: its create options as data, and getting its image.
import type Docker from 'dockerode';
import type { ContainerCreateOptions, MountSettings } from 'dockerode';
import { MypaasError } from '../../../core/errors.js';
import { dockerFailure, dockerMessage, statusCode } from '../../runtime/docker-errors.js';
import { imageExists } from '../../runtime/docker-images.js';
import { followProgress, progressError } from '../../runtime/docker-progress.js';

/** One proxy per host, found by this name. */
export const TRAEFIK_CONTAINER_NAME = 'mypaas-traefik';

/** Where the container sees its files: the static config must name these same paths. */
export const TRAEFIK_PATHS = {
  configFile: '/etc/traefik/traefik.toml',
  dynamicDir: '/etc/traefik/dynamic',
  acmeDir: '/etc/traefik/acme',
  acmeStorage: '/etc/traefik/acme/acme.json',
  caRoot: '/etc/traefik/ca-root.pem',
} as const;

/** Host paths and the image; every path must already exist on the host. */
export interface TraefikContainerInput {
  image: string;
  /** $MYPAAS_HOME, recorded as a label so the container says which installation made it. */
  home: string;
  /** The static config file (renderTraefikStaticToml). */
  configFile: string;
  /** The directory the driver writes one file per (service, env) into. */
  dynamicDir: string;
  /** Where ACME keeps its account and certificates ([proxy] certs_dir). */
  acmeDir: string;
  /** [proxy] acme_ca_root: extra roots Traefik trusts when it talks to the ACME server. */
  caRootFile?: string;
  /** The container's name; TRAEFIK_CONTAINER_NAME unless a test runs its own beside others. */
  name?: string;
}

/** The create options: host networking so the API binds the host's loopback, and no Docker socket. */
export function traefikContainerOptions(input: TraefikContainerInput): ContainerCreateOptions {
  return {
    name: input.name ?? TRAEFIK_CONTAINER_NAME,
    Image: input.image,
    // The image's entrypoint runs `traefik` with arguments that start with `-`.
    Cmd: [`--configFile=${TRAEFIK_PATHS.configFile}`],
    Labels: { 'mypaas.proxy': 'traefik', 'mypaas.home': input.home },
    // lego (Traefik's ACME client) adds the roots in this file to the system's for the CA only.
    ...(input.caRootFile ? { Env: [`LEGO_CA_CERTIFICATES=${TRAEFIK_PATHS.caRoot}`] } : {}),
    HostConfig: {
      // Host networking reaches every app network's containers and the host's 127.0.0.1.
      NetworkMode: 'host',
      RestartPolicy: { Name: 'unless-stopped' },
      // Mounts, not Binds: a missing host path fails here instead of becoming an empty directory.
      // The dynamic directory is mounted whole, so renames in it reach Traefik's file watcher.
      Mounts: [
        bind(input.configFile, TRAEFIK_PATHS.configFile, true),
        bind(input.dynamicDir, TRAEFIK_PATHS.dynamicDir, true),
        bind(input.acmeDir, TRAEFIK_PATHS.acmeDir, false),
        ...(input.caRootFile ? [bind(input.caRootFile, TRAEFIK_PATHS.caRoot, true)] : []),
      ],
      SecurityOpt: ['no-new-privileges:true'],
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
    },
  };
}

/** Makes sure `image` is on the host, pulling it if needed; PROXY_UNAVAILABLE when it cannot. */
export async function ensureTraefikImage(docker: Docker, image: string): Promise<void> {
  if (await imageExists(docker, image)) return;
  const reason = await pull(docker, image);
  if (reason === undefined && (await imageExists(docker, image))) return;
  throw new MypaasError(
    'PROXY_UNAVAILABLE',
    `the Traefik image ${image} is not on this host and could not be pulled: ` +
      (reason ?? 'the pull reported success but the image is not there'),
    {
      hint:
        `Load it from a machine that has it (\`docker save ${image} -o traefik.tar\`, copy, ` +
        '`docker load -i traefik.tar`), or set `[proxy] driver = "haproxy"` in config.toml.',
    },
  );
}

/** Docker's reason the pull failed, or undefined when it succeeded. */
async function pull(docker: Docker, image: string): Promise<string | undefined> {
  try {
    // A registry Docker cannot reach fails the request; a failure midway shows in the stream.
    return progressError(await followProgress(docker, await docker.pull(image)));
  } catch (err) {
    if (statusCode(err) === undefined && !(err instanceof MypaasError)) {
      const lost = dockerFailure(`cannot pull ${image}`, err);
      if (lost.code === 'DOCKER_UNAVAILABLE') throw lost;
    }
    return dockerMessage(err);
  }
}

function bind(source: string, target: string, readOnly: boolean): MountSettings {
  return { Type: 'bind', Source: source, Target: target, ReadOnly: readOnly };
}
