// What a deployer's service may ask of the host: no host ports, no host directories, and
// replicas, memory, CPU and processes within [deployers]. Pure: checked at every deploy and start.
import type { Config } from '../../config/schema.js';
import { MypaasError } from '../../core/errors.js';
import type { ServiceSpec } from '../../parse/spec.js';
import { isHostPath } from '../../parse/rules/volume.js';

/** What one container may use; null where no limit applies (admins' services without one). */
export interface ContainerLimits {
  memoryBytes: number | null;
  nanoCpus: number | null;
  pids: number | null;
}

/** Throws PERMISSION_DENIED listing everything `spec` asks for that a deployer's service may not. */
export function assertTenantSpec(spec: ServiceSpec, limits: Config['deployers']): void {
  const problems = tenantProblems(spec, limits);
  if (problems.length === 0) return;
  throw new MypaasError(
    'PERMISSION_DENIED',
    `${spec.service} is a deployer's service and asks for what those may not have:`,
    {
      details: problems,
      hint: 'change the Dockerfile as shown, or an admin raises the limits in [deployers] of config.toml',
    },
  );
}

/** The limits a container of the service runs with: its own, or a deployer service's caps. */
export function containerLimits(
  spec: ServiceSpec,
  confined: boolean,
  limits: Config['deployers'],
): ContainerLimits {
  if (!confined) {
    return {
      memoryBytes: spec.maxmem,
      nanoCpus: spec.maxcpu === null ? null : nanoCpus(spec.maxcpu),
      pids: null,
    };
  }
  return {
    memoryBytes: Math.min(spec.maxmem ?? limits.maxMemoryBytes, limits.maxMemoryBytes),
    nanoCpus: nanoCpus(Math.min(spec.maxcpu ?? limits.maxCpus, limits.maxCpus)),
    pids: limits.maxPids,
  };
}

/** Each refusal as a line naming the directive and the fix. */
export function tenantProblems(spec: ServiceSpec, limits: Config['deployers']): string[] {
  const problems: string[] = [];
  for (const p of spec.publish) {
    problems.push(`mypaas.publish=${p}: host ports are for admins; serve it through a url`);
  }
  for (const v of spec.volumes.filter((v) => isHostPath(v.host))) {
    const name = volumeNameFor(v.container);
    problems.push(
      `mypaas.volume=${v.host}:${v.container}: host directories are for admins; use a volume mypaas keeps for the service: # mypaas.volume=${name}:${v.container}`,
    );
  }
  if ((spec.scale ?? 0) > limits.maxScale) {
    problems.push(`mypaas.scale=${spec.scale}: at most ${limits.maxScale} replicas (max_scale)`);
  }
  if (spec.maxmem !== null && spec.maxmem > limits.maxMemoryBytes) {
    problems.push(
      `mypaas.maxmem: ${mib(spec.maxmem)} is more than the ${mib(limits.maxMemoryBytes)} allowed (max_memory)`,
    );
  }
  if (spec.maxcpu !== null && spec.maxcpu > limits.maxCpus) {
    problems.push(`mypaas.maxcpu=${spec.maxcpu}: at most ${limits.maxCpus} CPU cores (max_cpus)`);
  }
  return problems;
}

function nanoCpus(cores: number): number {
  return Math.round(cores * 1e9);
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}

// A volume name for the suggestion: the container path's last part, made a valid name.
function volumeNameFor(container: string): string {
  const last = container.split('/').filter(Boolean).pop() ?? 'data';
  const name = last
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name.slice(0, 32) || 'data';
}
