// Container lifecycle through dockerode: create, start, look at, list by exact labels, stop, remove.
import type Docker from 'dockerode';
import { LABELS, type ContainerFilter, type ContainerInfo } from './container-runtime.js';
import { dockerFailure, statusCode, tolerating } from './docker-errors.js';

const STATES = new Set([
  'created',
  'running',
  'paused',
  'restarting',
  'removing',
  'exited',
  'dead',
]);
const HEALTH = new Set(['starting', 'healthy', 'unhealthy']);

/** Creates (does not start) a container and returns its id. */
export async function createContainer(
  docker: Docker,
  options: Docker.ContainerCreateOptions,
): Promise<string> {
  const what = options.name ?? `from image ${options.Image ?? '?'}`;
  try {
    return (await docker.createContainer(options)).id;
  } catch (err) {
    throw dockerFailure(`cannot create container ${what}`, err);
  }
}

/** Starts a created container; one that already runs (304) is fine. */
export async function startContainer(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).start();
  } catch (err) {
    if (statusCode(err) === 304) return;
    throw dockerFailure(`cannot start container ${await nameOf(docker, id)}`, err);
  }
}

/** What the engine needs to know about one container; null when it no longer exists. */
export async function inspectContainer(
  docker: Docker,
  id: string,
  network: string,
): Promise<ContainerInfo | null> {
  const info = await tolerating(`cannot inspect container ${short(id)}`, [404], () =>
    docker.getContainer(id).inspect(),
  );
  return info === undefined ? null : toContainerInfo(info, network);
}

/** Containers whose labels match `filter` exactly, ordered by deployment, replica and name. */
export async function listContainers(
  docker: Docker,
  filter: ContainerFilter,
  network: string,
): Promise<ContainerInfo[]> {
  const labels = [`${LABELS.service}=${filter.service}`];
  if (filter.env !== undefined) labels.push(`${LABELS.env}=${filter.env}`);
  // Containers inherit their image's labels, so `docker run <service>:<release>` by hand carries
  // mypaas.service too; only containers a deployment made carry mypaas.deployment.
  const deployment = filter.deployment === undefined ? '' : `=${filter.deployment}`;
  labels.push(`${LABELS.deployment}${deployment}`);
  if (filter.release !== undefined) labels.push(`${LABELS.release}=${filter.release}`);
  let listed: Docker.ContainerInfo[];
  try {
    // `label=k=v` matches the whole value, so service `foo` never lists `foo.bar` or `foo-2`.
    listed = await docker.listContainers({ all: filter.all ?? true, filters: { label: labels } });
  } catch (err) {
    throw dockerFailure(`cannot list the containers of ${filter.service}`, err);
  }
  // The list lacks exit codes and health; inspect each, dropping any removed meanwhile.
  const infos = await Promise.all(listed.map((c) => inspectContainer(docker, c.Id, network)));
  return infos
    .filter((c): c is ContainerInfo => c !== null)
    .sort((a, b) => a.deployment - b.deployment || a.replica - b.replica || cmp(a.name, b.name));
}

/** SIGTERM, then SIGKILL after `timeoutMs` (Docker counts whole seconds, so rounded up). */
export async function stopContainer(docker: Docker, id: string, timeoutMs: number): Promise<void> {
  const t = Math.max(0, Math.ceil(timeoutMs / 1000));
  // 304: already stopped; 404: already gone.
  await tolerating(`cannot stop container ${short(id)}`, [304, 404], () =>
    docker.getContainer(id).stop({ t }),
  );
}

/** Force-removes a container and its anonymous volumes; gone or being removed already is fine. */
export async function removeContainer(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: true });
  } catch (err) {
    const status = statusCode(err);
    if (status === 404) return;
    if (status === 409 && /in progress/i.test(String(err))) return;
    throw dockerFailure(`cannot remove container ${short(id)}`, err);
  }
}

function toContainerInfo(info: Docker.ContainerInspectInfo, network: string): ContainerInfo {
  const labels = info.Config.Labels ?? {};
  const state = STATES.has(info.State.Status) ? info.State.Status : 'dead';
  const health = info.State.Health?.Status;
  const stopped = state === 'exited' || state === 'dead' || state === 'restarting';
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    service: labels[LABELS.service] ?? '',
    env: labels[LABELS.env] ?? '',
    release: labels[LABELS.release] ?? '',
    deployment: integer(labels[LABELS.deployment]),
    replica: integer(labels[LABELS.replica]),
    state: state as ContainerInfo['state'],
    ip: info.NetworkSettings.Networks[network]?.IPAddress || null,
    exitCode: stopped ? info.State.ExitCode : null,
    health: health !== undefined && HEALTH.has(health) ? (health as ContainerInfo['health']) : null,
    hostMounts: (info.Mounts ?? []).filter((m) => m.Type === 'bind').map((m) => m.Source),
  };
}

/** A label's integer value; a missing or malformed label reads as 0 (deployment ids start at 1). */
function integer(value: string | undefined): number {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isSafeInteger(n) ? n : 0;
}

/** The container's name for an error message, or its short id when even that fails. */
async function nameOf(docker: Docker, id: string): Promise<string> {
  const info = await docker
    .getContainer(id)
    .inspect()
    .catch(() => undefined);
  return info === undefined ? short(id) : info.Name.replace(/^\//, '');
}

function short(id: string): string {
  return id.slice(0, 12);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
