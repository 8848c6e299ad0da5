// Release images: which exist for a service, newest first, and removing one when it is pruned.
import type Docker from 'dockerode';
import { LABELS, type ReleaseImage } from './container-runtime.js';
import { dockerFailure, tolerating } from './docker-errors.js';

/** True when `tag` names a local image. */
export async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  const info = await tolerating(`cannot inspect image ${tag}`, [404], () =>
    docker.getImage(tag).inspect(),
  );
  return info !== undefined;
}

/** The labels of a local image, or null when no local image answers to `ref`. */
export async function imageLabels(
  docker: Docker,
  ref: string,
): Promise<Record<string, string> | null> {
  const info = await tolerating(`cannot inspect image ${ref}`, [400, 404], () =>
    docker.getImage(ref).inspect(),
  );
  return info === undefined ? null : (info.Config?.Labels ?? {});
}

/** Images of exactly `service`: its label and the repository `<service>` must both match. */
export async function listReleaseImages(docker: Docker, service: string): Promise<ReleaseImage[]> {
  const doing = `cannot list the images of ${service}`;
  let images: Docker.ImageInfo[];
  try {
    // Docker matches label filters on the whole value, so `foo` never finds `foo.bar` here.
    images = await docker.listImages({ filters: { label: [`${LABELS.service}=${service}`] } });
  } catch (err) {
    throw dockerFailure(doing, err);
  }
  const found: ReleaseImage[] = [];
  for (const image of images) {
    const releases = (image.RepoTags ?? []).flatMap((tag) => releaseOf(tag, service));
    if (releases.length === 0) continue;
    // The list gives whole seconds only; inspect for the exact time so two quick builds sort right.
    const info = await tolerating(doing, [404], () => docker.getImage(image.Id).inspect());
    if (info === undefined) continue;
    const createdAt = new Date(info.Created);
    for (const release of releases) {
      found.push({ tag: `${service}:${release}`, id: image.Id, release, createdAt });
    }
  }
  return found.sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.release.localeCompare(a.release),
  );
}

/** Removes one tag; a missing image is fine, an image a container still uses is DOCKER_FAILED. */
export async function removeImage(docker: Docker, tag: string): Promise<void> {
  await tolerating(`cannot remove image ${tag}`, [404], () => docker.getImage(tag).remove());
}

/** `[release]` when `tag` is exactly `<service>:<release>`, else `[]`. */
function releaseOf(tag: string, service: string): string[] {
  const colon = tag.lastIndexOf(':');
  if (colon < 0 || tag.slice(0, colon) !== service) return [];
  const release = tag.slice(colon + 1);
  return release === '' || release.includes('/') ? [] : [release];
}
