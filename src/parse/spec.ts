// The shapes the Dockerfile parser produces: the normalised service spec and the problems it found.

/** `# mypaas.volume=SOURCE:CONTAINER[:ro]`: `host` is a host path (absolute or `~/…`) or the name
 * of a Docker volume mypaas makes for the service (see isHostPath). */
export interface VolumeSpec {
  host: string;
  container: string;
  readOnly: boolean;
}

/** How the deploy gate probes a new container: `# mypaas.healthcheck=PATH [INTERVAL [TIMEOUT]]`. */
export interface HealthcheckSpec {
  path: string;
  /** Time between two probes. */
  intervalMs: number;
  /** How long a new container may take to answer below 500 before the deploy fails. */
  timeoutMs: number;
}

/** Everything the `# mypaas.*` comments of one Dockerfile say; also the `parse --json` contract. */
export interface ServiceSpec {
  service: string;
  urls: string[];
  port: number;
  scale: number | null;
  volumes: VolumeSpec[];
  /** `null` marks a bare `# mypaas.env=KEY`, whose value comes from config.toml `[env]`. */
  env: Record<string, string | null>;
  publish: string[];
  maxcpu: number | null;
  /** Bytes. */
  maxmem: number | null;
  healthcheck: HealthcheckSpec | null;
  /** Docker's init as PID 1 (forwards SIGTERM, reaps zombies); null: config.toml `[deploy] init`.
   * Releases stored before the key existed lack it, which reads the same. */
  init: boolean | null;
}

/** One thing wrong with a Dockerfile, tied to its line (null when the problem is a missing key). */
export interface ParseProblem {
  line: number | null;
  key: string;
  message: string;
}

/** What `parseDockerfile` returns: never throws, always every problem at once. */
export type ParseResult =
  | { ok: true; spec: ServiceSpec; warnings: string[] }
  | { ok: false; errors: ParseProblem[]; warnings: string[] };
