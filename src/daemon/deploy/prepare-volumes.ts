// The volume policy applied to the real file system (symlinks resolved before anything is made),
// and the named Docker volumes mypaas keeps per (service, environment).
import { mkdir, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isHostPath } from '../../parse/rules/volume.js';
import type { VolumeSpec } from '../../parse/spec.js';
import { LABELS, type ContainerRuntime } from '../runtime/container-runtime.js';
import { checkVolumes, type VolumePolicy } from './volume-policy.js';

/** Whose volumes these are: named volumes are made per (service, env). */
export interface VolumeOwner {
  service: string;
  env: string;
  runtime: ContainerRuntime;
}

/** The Docker volume behind `# mypaas.volume=NAME:…`. Environment and volume names hold no `_`,
 * so reading from the right gives back exactly one (service, env, name). */
export function dockerVolumeName(service: string, env: string, name: string): string {
  return `mypaas_${service}_${env}_${name}`;
}

/** Checks host-path volumes as written and again with symlinks resolved; creates nothing. */
export async function checkVolumesOnDisk(
  volumes: VolumeSpec[],
  policy: VolumePolicy,
): Promise<VolumeSpec[]> {
  const binds = volumes.filter((v) => isHostPath(v.host));
  const written = checkVolumes(binds, policy);
  // A link inside an allowed root must neither point outside it nor create directories out there.
  const real = await Promise.all(
    written.map(async (v) => ({ ...v, host: await resolveExisting(v.host) })),
  );
  return checkVolumes(real, policy);
}

/** Checks volumes, creates host directories and named volumes; returns the mounts in order. */
export async function prepareVolumes(
  volumes: VolumeSpec[],
  policy: VolumePolicy,
  owner: VolumeOwner,
): Promise<VolumeSpec[]> {
  const binds = await checkVolumesOnDisk(volumes, policy);
  for (const v of binds) await mkdir(v.host, { recursive: true });
  const mounts: VolumeSpec[] = [];
  let nextBind = 0;
  for (const v of volumes) {
    if (isHostPath(v.host)) {
      mounts.push(binds[nextBind++] ?? v);
      continue;
    }
    const name = dockerVolumeName(owner.service, owner.env, v.host);
    await owner.runtime.ensureVolume(name, {
      [LABELS.service]: owner.service,
      [LABELS.env]: owner.env,
      [LABELS.volume]: v.host,
    });
    mounts.push({ ...v, host: name });
  }
  return mounts;
}

/** `path` with symlinks resolved in the part that exists; the part still to be made is appended. */
async function resolveExisting(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (err) {
    const parent = dirname(path);
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === path) throw err;
    return join(await resolveExisting(parent), basename(path));
  }
}
