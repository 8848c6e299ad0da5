// The narrow port the deploy engine uses to talk to Docker; docker-runtime.ts implements it.
import type { ContainerCreateOptions } from 'dockerode';
import type { Listener } from '../health/listeners.js';

/** The labels every mypaas container carries, so `docker ps --filter label=…` finds them. */
export const LABELS = {
  service: 'mypaas.service',
  env: 'mypaas.env',
  release: 'mypaas.release',
  deployment: 'mypaas.deployment',
  replica: 'mypaas.replica',
  volume: 'mypaas.volume',
} as const;

/** What the engine needs to know about one container. */
export interface ContainerInfo {
  id: string;
  name: string;
  service: string;
  env: string;
  release: string;
  deployment: number;
  replica: number;
  state: 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
  /** Address on the mypaas network, when the container runs. */
  ip: string | null;
  exitCode: number | null;
  health: 'starting' | 'healthy' | 'unhealthy' | null;
  /** Host directories bind-mounted into it (named volumes are not listed). */
  hostMounts: string[];
}

/** Which containers to list; `service` and `env` always match exactly, never by name prefix. */
export interface ContainerFilter {
  service: string;
  env?: string;
  deployment?: number;
  release?: string;
  /** Include stopped containers (default true). */
  all?: boolean;
}

/** An image of one release, as `<service>:<release>`. */
export interface ReleaseImage {
  tag: string;
  id: string;
  release: string;
  createdAt: Date;
}

/** How `streamLogs` reads: the last `tail` lines (default all), then new ones with `follow`. */
export interface LogStreamOptions {
  tail?: number;
  follow: boolean;
  signal?: AbortSignal;
}

/** A mypaas container whose address may have changed: it started, restarted, died or connected. */
export interface ContainerEvent {
  service: string;
  env: string;
  /** Docker's action: `start`, `restart`, `die` or `connect`. */
  action: string;
}

/** How `watchEvents` runs: until `signal` aborts, reopening a dropped stream after `retryMs`. */
export interface WatchEventsOptions {
  signal: AbortSignal;
  retryMs: number;
  /** Called each time the stream is (re)opened: events before it may have been missed. */
  onConnected?: () => void;
  onError?: (err: unknown) => void;
}

/** Every Docker call the engine makes, and nothing more. */
export interface ContainerRuntime {
  /** Builds `contextDir` into `tag`; every output line goes to `onLine`; throws BUILD_FAILED. */
  buildImage(
    contextDir: string,
    tag: string,
    labels: Record<string, string>,
    onLine: (line: string) => void,
  ): Promise<void>;
  imageExists(tag: string): Promise<boolean>;
  /** The labels of a local image (by name, tag or id), or null when there is none. */
  imageLabels(ref: string): Promise<Record<string, string> | null>;
  /** Images tagged `<service>:*` that carry `mypaas.service=<service>`, newest first. */
  listReleaseImages(service: string): Promise<ReleaseImage[]>;
  removeImage(tag: string): Promise<void>;
  ensureNetwork(name: string): Promise<void>;
  /** Creates the named volume with `labels`, or checks an existing one carries them. */
  ensureVolume(name: string, labels: Record<string, string>): Promise<void>;
  /** Creates (does not start) a container; returns its id. */
  createContainer(options: ContainerCreateOptions): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** null when the container no longer exists. */
  inspectContainer(id: string, network: string): Promise<ContainerInfo | null>;
  listContainers(filter: ContainerFilter, network: string): Promise<ContainerInfo[]>;
  /** SIGTERM, then SIGKILL after `timeoutMs`; a stopped or missing container is fine. */
  stopContainer(id: string, timeoutMs: number): Promise<void>;
  /** Force-removes; a missing container is fine. */
  removeContainer(id: string): Promise<void>;
  /** The TCP sockets a running container listens on; null when they cannot be read. */
  listeners(id: string): Promise<Listener[] | null>;
  /** The last `lines` lines of stdout and stderr, oldest first. */
  logsTail(id: string, lines: number): Promise<string[]>;
  /** Output lines as they come; resolves when the container stops or `signal` aborts. */
  streamLogs(id: string, options: LogStreamOptions, onLine: (line: string) => void): Promise<void>;
  /** Reports events of mypaas containers until the signal aborts; resolves then. */
  watchEvents(onEvent: (event: ContainerEvent) => void, options: WatchEventsOptions): Promise<void>;
}
