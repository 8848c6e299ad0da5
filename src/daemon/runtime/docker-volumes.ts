// Named Docker volumes mypaas keeps for services: made on first use, labelled with their owner,
// never removed by mypaas unless the user names them.
import type Docker from 'dockerode';
import { MypaasError } from '../../core/errors.js';
import { dockerFailure, tolerating } from './docker-errors.js';

/** Creates volume `name` with `labels` unless it exists; one that exists must carry the same
 * labels, so a volume made for another service (or by hand) is never handed to this one. */
export async function ensureVolume(
  docker: Docker,
  name: string,
  labels: Record<string, string>,
): Promise<void> {
  const found = await tolerating(`cannot inspect volume ${name}`, [404], () =>
    docker.getVolume(name).inspect(),
  );
  if (found) {
    const wrong = Object.entries(labels).filter(([k, v]) => found.Labels?.[k] !== v);
    if (wrong.length === 0) return;
    throw new MypaasError(
      'VOLUME_NOT_ALLOWED',
      `the Docker volume ${name} exists but was not made by mypaas for this service ` +
        `(${wrong.map(([k]) => `${k}=${found.Labels?.[k] ?? 'unset'}`).join(', ')})`,
      {
        hint: `inspect it with: docker volume inspect ${name}; rename or remove it, then deploy again`,
      },
    );
  }
  try {
    await docker.createVolume({ Name: name, Labels: labels });
  } catch (err) {
    throw dockerFailure(`cannot create volume ${name}`, err);
  }
}
