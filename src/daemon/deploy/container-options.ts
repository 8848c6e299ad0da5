// Turns a release and its settings into Docker's create-container payload. Pure: no Docker here.
import type { ContainerCreateOptions } from 'dockerode';
import type { ServiceSpec, VolumeSpec } from '../../parse/spec.js';
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

/** The network alias other containers reach the service by. */
export function serviceAlias(service: string, env: string): string {
  return env === 'production' ? service : `${service}-${env}`;
}

/** The create-container options for one replica. */
export function containerOptions(input: ReplicaInput): ContainerCreateOptions {
  const { spec, env, release, deploymentId, replica, network } = input;
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
      RestartPolicy: { Name: 'unless-stopped' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
      Binds: input.volumes.map((v) => `${v.host}:${v.container}${v.readOnly ? ':ro' : ''}`),
      PortBindings: ports.bindings,
      ...(spec.maxcpu === null ? {} : { NanoCpus: Math.round(spec.maxcpu * 1e9) }),
      ...(spec.maxmem === null ? {} : { Memory: spec.maxmem }),
    },
    NetworkingConfig: {
      EndpointsConfig: { [network]: { Aliases: [serviceAlias(spec.service, env)] } },
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
