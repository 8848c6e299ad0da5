// Opens the daemon's engine connection, and says how to fix it when the engine does not answer.
import type Docker from 'dockerode';
import { MypaasError } from '../../core/errors.js';
import { dockerMessage, unavailableHint } from './docker-errors.js';
import { loadDockerode } from './load-dockerode.js';

const PING_TIMEOUT_MS = 5_000;

/** A dockerode client that has answered a ping: DOCKER_HOST when set, else the default socket. */
export async function connectDocker(options?: Docker.DockerOptions): Promise<Docker> {
  const docker = new (loadDockerode())(options);
  try {
    // The typings omit ping's options, but dockerode honours abortSignal there.
    const ping = docker.ping.bind(docker) as (opts: {
      abortSignal: AbortSignal;
    }) => Promise<unknown>;
    await ping({ abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) });
  } catch (err) {
    throw new MypaasError(
      'DOCKER_UNAVAILABLE',
      `docker engine not reachable at ${where(options)}: ${reason(err)}`,
      { cause: err, hint: unavailableHint(err) },
    );
  }
  return docker;
}

function where(options: Docker.DockerOptions | undefined): string {
  if (options?.socketPath !== undefined) return options.socketPath;
  if (options?.host !== undefined) return `${options.host}:${options.port ?? ''}`;
  return process.env.DOCKER_HOST ?? '/var/run/docker.sock';
}

function reason(err: unknown): string {
  if (err instanceof Error && err.name === 'AbortError') {
    return `no answer within ${PING_TIMEOUT_MS} ms`;
  }
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? `${code} ${dockerMessage(err)}` : dockerMessage(err);
}
