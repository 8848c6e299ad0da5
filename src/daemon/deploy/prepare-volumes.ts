// The volume policy applied to the real file system: symlinks resolved before anything is made.
import { mkdir, realpath } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { VolumeSpec } from '../../parse/spec.js';
import { checkVolumes, type VolumePolicy } from './volume-policy.js';

/** Checks volumes as written and again with symlinks resolved; creates nothing. */
export async function checkVolumesOnDisk(
  volumes: VolumeSpec[],
  policy: VolumePolicy,
): Promise<VolumeSpec[]> {
  const written = checkVolumes(volumes, policy);
  // A link inside an allowed root must neither point outside it nor create directories out there.
  const real = await Promise.all(
    written.map(async (v) => ({ ...v, host: await resolveExisting(v.host) })),
  );
  return checkVolumes(real, policy);
}

/** Checks volumes, then creates their host directories; returns the resolved mounts. */
export async function prepareVolumes(
  volumes: VolumeSpec[],
  policy: VolumePolicy,
): Promise<VolumeSpec[]> {
  const allowed = await checkVolumesOnDisk(volumes, policy);
  for (const v of allowed) await mkdir(v.host, { recursive: true });
  return allowed;
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
