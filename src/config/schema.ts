// Every key config.toml understands: its type, default, check and the words shown to the user.
// One table, so each key's rule lives in one place for the validator, defaults and notices.
import { join } from 'node:path';
import { checkMaxMem } from '../parse/rules/maxmem.js';
import type { HomeDirs } from './home.js';
import {
  atStart,
  text,
  oneOf,
  sharedHosts,
  boolean,
  path,
  optionalPath,
  pathList,
  port,
  atLeastOne,
  duration,
  positive,
  checkListen,
} from './key-kinds.js';

/** The reverse proxies mypaas can drive; `none` leaves routing to the user. */
export type ProxyDriver = 'traefik' | 'haproxy' | 'none';

/** One `[env]` secret; `services` null means unscoped: only services no deployer can touch. */
export interface Secret {
  value: string;
  /** `[env.KEY] services = [...]`: exactly these services may read it, whoever deploys them. */
  services: string[] | null;
}

/** The parsed config.toml: camelCase, defaults filled in, durations in ms, paths absolute. */
export interface Config {
  /** Secrets referenced by `# mypaas.env=KEY` directives, by key name. */
  env: Record<string, Secret>;
  proxy: {
    driver: ProxyDriver;
    email: string;
    traefikImage: string;
    httpPort: number;
    httpsPort: number;
    certsDir: string;
    apiPort: number;
    acmeCaServer: string;
    /** PEM file of extra roots trusted when talking to acmeCaServer; '' = the system's only. */
    acmeCaRoot: string;
  };
  daemon: {
    sshListen: string;
    maxUploadBytes: number;
    maxUploadFiles: number;
    maxParallelBuilds: number;
    loginTimeoutMs: number;
    maxUnauthenticated: number;
    maxUnauthenticatedPerAddress: number;
    uploadTimeoutMs: number;
    uploadIdleTimeoutMs: number;
  };
  deploy: {
    keepReleases: number;
    allowedVolumeRoots: string[];
    healthTimeoutMs: number;
    drainTimeoutMs: number;
    stopTimeoutMs: number;
    init: boolean;
    network: string;
  };
  /** What one container of a deployer's service may use; protects the host from one tenant. */
  deployers: {
    maxScale: number;
    maxMemoryBytes: number;
    maxCpus: number;
    maxPids: number;
  };
  routing: {
    /** Normalised host → the services an admin allows to serve paths on it. */
    sharedHosts: Record<string, string[]>;
  };
}

/** Let's Encrypt's production ACME directory: the default certificate authority. */
export const LETS_ENCRYPT_DIRECTORY = 'https://acme-v02.api.letsencrypt.org/directory';

/** The sections whose keys are fixed (`[env]` holds any names, so it has no schema). */
export type SectionName = 'proxy' | 'daemon' | 'deploy' | 'deployers' | 'routing';

/** How a raw TOML value becomes a typed one; `read` returns undefined when the type is wrong. */
export interface Kind<T> {
  expected: string;
  read(raw: unknown, dirs: HomeDirs): T | undefined;
}

/** One key of one section. `example` and `defaultToml` are TOML values, ready to paste. */
export interface KeySpec<T> {
  key: string;
  kind: Kind<T>;
  default(dirs: HomeDirs): T;
  defaultToml: string;
  check?(value: T): string | undefined;
  description: string;
  example: string;
  /** Read once when the daemon starts, so a change needs a restart; `proxy`: and `server init`,
   * which sets the proxy (and the network it shares with apps) up with it. */
  restart?: 'daemon' | 'proxy';
}

/** The table of known keys, typed so each entry produces exactly its Config field. */
export const SCHEMA: { [S in SectionName]: { [F in keyof Config[S]]: KeySpec<Config[S][F]> } } = {
  proxy: {
    driver: atStart('proxy', {
      key: 'driver',
      kind: oneOf(['traefik', 'haproxy', 'none'] as const),
      default: () => 'traefik',
      defaultToml: '"traefik"',
      description: 'which reverse proxy mypaas configures; "none" if you route traffic yourself',
      example: '"traefik"',
    }),
    email: atStart('proxy', {
      key: 'email',
      kind: text(),
      default: () => '',
      defaultToml: '""',
      check: (v) =>
        v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)
          ? undefined
          : 'must look like an email address',
      description: "contact address given to Let's Encrypt for certificate expiry notices",
      example: '"ops@example.com"',
    }),
    traefikImage: atStart('proxy', {
      key: 'traefik_image',
      kind: text(),
      default: () => 'traefik:v3.6',
      defaultToml: '"traefik:v3.6"',
      check: (v) =>
        /^\S+$/.test(v) ? undefined : 'must be a Docker image reference without spaces',
      description: 'the Traefik image to run, pinned so upgrades happen when you choose',
      example: '"traefik:v3.6"',
    }),
    httpPort: atStart(
      'proxy',
      port('http_port', 80, 'host port for plain HTTP (and ACME HTTP challenges)'),
    ),
    httpsPort: atStart('proxy', port('https_port', 443, 'host port for HTTPS')),
    certsDir: atStart('proxy', {
      key: 'certs_dir',
      kind: path(),
      default: (dirs) => join(dirs.home, 'certs'),
      defaultToml: '"~/_mypaas/certs"',
      description:
        'where certificates are kept so they survive proxy restarts ($MYPAAS_HOME/certs)',
      example: '"/srv/mypaas/certs"',
    }),
    apiPort: atStart(
      'proxy',
      port('api_port', 8099, 'proxy admin API port, bound to 127.0.0.1 only'),
    ),
    acmeCaServer: atStart('proxy', {
      key: 'acme_ca_server',
      kind: text(),
      default: () => LETS_ENCRYPT_DIRECTORY,
      defaultToml: `"${LETS_ENCRYPT_DIRECTORY}"`,
      check: (v) => (/^https:\/\/[^\s/]+(\/\S*)?$/.test(v) ? undefined : 'must be an https:// url'),
      description: "the ACME directory certificates are ordered from (Let's Encrypt production)",
      example: '"https://acme-staging-v02.api.letsencrypt.org/directory"',
    }),
    acmeCaRoot: atStart('proxy', {
      key: 'acme_ca_root',
      kind: optionalPath(),
      default: () => '',
      defaultToml: '""',
      description:
        'a PEM file of extra root certificates to trust when talking to acme_ca_server; empty = none',
      example: '"/etc/mypaas/test-ca.pem"',
    }),
  },
  daemon: {
    sshListen: atStart('daemon', {
      key: 'ssh_listen',
      kind: text(),
      default: () => '0.0.0.0:2222',
      defaultToml: '"0.0.0.0:2222"',
      check: checkListen,
      description: 'address the daemon accepts `git push`/CLI SSH connections on (port 0 = any)',
      example: '"0.0.0.0:2222"',
    }),
    maxUploadBytes: atLeastOne('max_upload_bytes', 2_147_483_648, 'largest upload (2 GiB)'),
    maxUploadFiles: atLeastOne('max_upload_files', 200_000, 'most files in one upload'),
    maxParallelBuilds: atStart(
      'daemon',
      atLeastOne('max_parallel_builds', 2, 'builds run at once; more wait'),
    ),
    loginTimeoutMs: atStart(
      'daemon',
      positive(
        duration('login_timeout', '20s', 'time a connection has to log in before it is dropped'),
      ),
    ),
    maxUnauthenticated: atStart(
      'daemon',
      atLeastOne(
        'max_unauthenticated',
        64,
        'connections not yet logged in, from everywhere; more are closed at once',
      ),
    ),
    maxUnauthenticatedPerAddress: atStart(
      'daemon',
      atLeastOne(
        'max_unauthenticated_per_address',
        10,
        'connections not yet logged in from one address; more are closed at once',
      ),
    ),
    uploadTimeoutMs: positive(
      duration('upload_timeout', '30m', 'longest a push may take to upload its app'),
    ),
    uploadIdleTimeoutMs: positive(
      duration('upload_idle_timeout', '2m', 'longest an upload may go without a byte'),
    ),
  },
  deploy: {
    keepReleases: atLeastOne('keep_releases', 5, 'releases kept per app for rollback'),
    allowedVolumeRoots: {
      key: 'allowed_volume_roots',
      kind: pathList(),
      default: (dirs) => [join(dirs.home, 'volumes'), dirs.userHome],
      defaultToml: '["~/_mypaas/volumes", "~"]',
      description:
        'host directories apps may mount; nothing outside them ($MYPAAS_HOME/volumes, ~)',
      example: '["/srv/data", "~/volumes"]',
    },
    healthTimeoutMs: positive(
      duration('health_timeout', '30s', 'how long a new release has to pass its health check'),
    ),
    drainTimeoutMs: duration('drain_timeout', '10s', 'time for in-flight requests to finish'),
    stopTimeoutMs: duration('stop_timeout', '10s', 'grace period after SIGTERM before SIGKILL'),
    init: {
      key: 'init',
      kind: boolean(),
      default: () => true,
      defaultToml: 'true',
      description:
        "run Docker's init as each app's PID 1, so SIGTERM stops it at once (# mypaas.init = false for images with their own)",
      example: 'false',
    },
    network: atStart('proxy', {
      key: 'network',
      kind: text(),
      default: () => 'mypaas',
      defaultToml: '"mypaas"',
      check: (v) =>
        /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/.test(v) ? undefined : 'must be a Docker network name',
      description: 'the Docker network apps join; the proxy reaches them on it',
      example: '"mypaas"',
    }),
  },
  deployers: {
    maxScale: atLeastOne('max_scale', 4, 'most replicas a deployer key may give one service'),
    maxMemoryBytes: {
      key: 'max_memory',
      kind: {
        expected: 'a size such as "512m" or "1g"',
        read: (raw) => {
          if (typeof raw !== 'string') return undefined;
          const checked = checkMaxMem(raw);
          return checked.ok ? checked.value : undefined;
        },
      },
      default: () => 1024 ** 3,
      defaultToml: '"1g"',
      description:
        "memory limit of each container of a deployer's service; also the limit when it sets none",
      example: '"1g"',
    },
    maxCpus: {
      key: 'max_cpus',
      kind: {
        expected: 'a number of CPU cores such as 1 or 0.5',
        read: (raw) => (typeof raw === 'number' && raw > 0 && raw <= 1024 ? raw : undefined),
      },
      default: () => 1,
      defaultToml: '1.0',
      description: "CPU cores each container of a deployer's service may use; also its default",
      example: '1.0',
    },
    maxPids: atLeastOne('max_pids', 512, 'processes one container may run (stops fork bombs)'),
  },
  routing: {
    sharedHosts: {
      key: 'shared_hosts',
      kind: sharedHosts(),
      default: () => ({}),
      defaultToml: '{}',
      description:
        'hosts several services may serve paths on; any other host belongs to the service that claimed it first',
      example: '{ "shop.example.com" = ["shop", "shop-api"] }',
    },
  },
};
