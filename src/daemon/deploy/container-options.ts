// Turns a release and its settings into Docker's create-container payload. Pure: no Docker here.
import type { ContainerCreateOptions } from 'dockerode';
import type { ServiceSpec, VolumeSpec } from '../../parse/spec.js';
import type { ContainerLimits } from '../policy/tenant-rules.js';
import { LABELS } from '../runtime/container-runtime.js';

/** Everything one replica is made from. `volumes` are already resolved and allowed. */
export interface ReplicaInput {
  spec: ServiceSpec;
  env: string;
  release: string;
  image: string;
  deploymentId: number;
  replica: number;
  variables: Record<string, string>;
  volumes: VolumeSpec[];
  network: string;
  stopTimeoutMs: number;
  /** Docker's init as PID 1. */
  init: boolean;
  /** Memory, CPU and process limits (the Dockerfile's, or a deployer service's caps). */
  limits: ContainerLimits;
}

/** Container names read well in `docker ps`: `hello-d12-1`, or `hello-staging-d12-1`. */
export function containerName(
  service: string,
  env: string,
  deploymentId: number,
  replica: number,
): string {
  const middle = env === 'production' ? '' : `-${env}`;
  return `${service}${middle}-d${deploymentId}-${replica}`;
}

/** The Docker network of one environment: `mypaas` for production, `mypaas.staging` for staging.
 * Each environment has its own, so a service's name is its alias there and no two (service, env)
 * pairs can share one (`web` in env `db` and a service `web-db` once both answered to `web-db`). */
export function appNetwork(base: string, env: string): string {
  // Environment names hold no `.`, so `base.env` is never another environment's network.
  return env === 'production' ? base : `${base}.${env}`;
}

/** The create-container options for one replica. */
export function containerOptions(input: ReplicaInput): ContainerCreateOptions {
  const { spec, env, release, deploymentId, replica, network, limits } = input;
  const name = containerName(spec.service, env, deploymentId, replica);
  const platform: Record<string, string> = {
    PORT: String(spec.port),
    MYPAAS_SERVICE: spec.service,
    MYPAAS_ENV: env,
    MYPAAS_RELEASE: release,
    MYPAAS_DEPLOYMENT: String(deploymentId),
    MYPAAS_CONTAINER: name,
  };
  const ports = publishedPorts(spec.publish);
  return {
    name,
    Image: input.image,
    Env: Object.entries({ ...input.variables, ...platform }).map(([k, v]) => `${k}=${v}`),
    Labels: {
      [LABELS.service]: spec.service,
      [LABELS.env]: env,
      [LABELS.release]: release,
      [LABELS.deployment]: String(deploymentId),
      [LABELS.replica]: String(replica),
    },
    ExposedPorts: Object.fromEntries(Object.keys(ports.bindings).map((p) => [p, {}])),
    StopTimeout: Math.ceil(input.stopTimeoutMs / 1000),
    HostConfig: {
      NetworkMode: network,
      Init: input.init,
      RestartPolicy: { Name: 'unless-stopped' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
      Binds: input.volumes.map((v) => `${v.host}:${v.container}${v.readOnly ? ':ro' : ''}`),
      PortBindings: ports.bindings,
      ...(limits.nanoCpus === null ? {} : { NanoCpus: limits.nanoCpus }),
      ...(limits.memoryBytes === null ? {} : { Memory: limits.memoryBytes }),
      ...(limits.pids === null ? {} : { PidsLimit: limits.pids }),
    },
    NetworkingConfig: {
      EndpointsConfig: { [network]: { Aliases: [spec.service] } },
    },
  };
}

/** Docker's PortBindings for `[ip:]host:container[/proto]` entries, ranges expanded. */
export function publishedPorts(publish: string[]): {
  bindings: Record<string, { HostIp: string; HostPort: string }[]>;
} {
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const entry of publish) {
    const [ports = '', proto = 'tcp'] = entry.split('/');
    const parts = ports.split(':');
    const containerSide = parts.pop() ?? '';
    const hostSide = parts.pop() ?? '';
    const ip = parts.join(':').replace(/^\[|\]$/g, '');
    const [hostFrom, containerFrom, count] = [
      first(hostSide),
      first(containerSide),
      span(hostSide),
    ];
    for (let i = 0; i < count; i++) {
      const key = `${containerFrom + i}/${proto}`;
      (bindings[key] ??= []).push({ HostIp: ip, HostPort: String(hostFrom + i) });
    }
  }
  return { bindings };
}

function first(range: string): number {
  return Number(range.split('-')[0]);
}

function span(range: string): number {
  const [from = '', to = from] = range.split('-');
  return Number(to) - Number(from) + 1;
}
