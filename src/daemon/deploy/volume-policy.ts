// Decides which host directories an app may mount, so a Dockerfile cannot read the host's secrets.
import { isAbsolute, join, relative, resolve } from 'node:path';
import { MypaasError } from '../../core/errors.js';
import type { VolumeSpec } from '../../parse/spec.js';

/** What the policy needs to know about this host. */
export interface VolumePolicy {
  allowedRoots: string[];
  /** $MYPAAS_HOME: its config and database must never be mounted; its volumes/ may be. */
  home: string;
  userHome: string;
}

/** Host paths no app may mount or mount a parent of, whatever the allowed roots say. */
export function forbiddenPaths(policy: VolumePolicy): string[] {
  return [
    '/etc',
    '/var/run/docker.sock',
    '/run/docker.sock',
    join(policy.userHome, '.ssh'),
    policy.home,
  ];
}

/** Resolves `~/` and checks every volume; all refusals are reported together. */
export function checkVolumes(volumes: VolumeSpec[], policy: VolumePolicy): VolumeSpec[] {
  const problems: string[] = [];
  const resolved = volumes.map((v) => {
    const host = resolve(v.host.startsWith('~/') ? join(policy.userHome, v.host.slice(2)) : v.host);
    const why = refusal(host, policy);
    if (why) problems.push(`${v.host}:${v.container}: ${why}`);
    return { ...v, host };
  });
  if (problems.length > 0) {
    throw new MypaasError('VOLUME_NOT_ALLOWED', 'the Dockerfile mounts host paths it may not use', {
      details: problems,
      hint: `mount a directory under ${policy.allowedRoots.join(' or ')}, or add its parent to [deploy] allowed_volume_roots in config.toml`,
    });
  }
  return resolved;
}

function refusal(host: string, policy: VolumePolicy): string | undefined {
  if (host === '/') return 'the root of the host file system cannot be mounted';
  const volumes = join(policy.home, 'volumes');
  for (const bad of forbiddenPaths(policy)) {
    if (bad === policy.home && within(host, volumes)) continue;
    if (within(host, bad)) return `${bad} holds host secrets and cannot be mounted`;
    if (within(bad, host)) return `it contains ${bad}, which cannot be mounted`;
  }
  if (!policy.allowedRoots.some((root) => within(host, resolve(root)))) {
    return `it is outside the allowed volume roots (${policy.allowedRoots.join(', ')})`;
  }
  return undefined;
}

/** True when `path` is `root` or inside it. */
function within(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
