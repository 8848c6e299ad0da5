// The one bridge network mypaas containers share, created on first use and never duplicated.
import type Docker from 'dockerode';
import { MypaasError } from '../../core/errors.js';
import { dockerFailure, statusCode, tolerating } from './docker-errors.js';

/** The label that marks networks mypaas created. */
export const NETWORK_LABEL = 'mypaas.network';

/** Creates the bridge network `name` unless it exists; safe when several deploys call it at once. */
export async function ensureNetwork(docker: Docker, name: string): Promise<void> {
  if ((await networksNamed(docker, name)).length === 0) {
    try {
      await docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: { [NETWORK_LABEL]: '1' },
      });
    } catch (err) {
      // 409: another caller created it between our look and our create.
      if (statusCode(err) !== 409) throw dockerFailure(`cannot create network ${name}`, err);
    }
  }
  // Docker allows duplicate names when creates race; every caller keeps the oldest, so all agree.
  const [keep, ...extra] = (await networksNamed(docker, name)).sort(oldestFirst);
  if (keep === undefined) {
    throw new MypaasError('DOCKER_FAILED', `network ${name} vanished right after it was created`, {
      hint: 'Something else is removing Docker networks; run the deploy again.',
    });
  }
  for (const network of extra) {
    await tolerating(`cannot remove duplicate network ${name} (${network.Id})`, [404], () =>
      docker.getNetwork(network.Id).remove(),
    );
  }
}

/** Networks whose name is exactly `name`; Docker's own name filter also matches substrings. */
async function networksNamed(docker: Docker, name: string): Promise<Docker.NetworkInspectInfo[]> {
  try {
    const networks = await docker.listNetworks({ filters: { name: [name] } });
    return networks.filter((n) => n.Name === name);
  } catch (err) {
    throw dockerFailure(`cannot list networks named ${name}`, err);
  }
}

function oldestFirst(a: Docker.NetworkInspectInfo, b: Docker.NetworkInspectInfo): number {
  return Date.parse(a.Created) - Date.parse(b.Created) || a.Id.localeCompare(b.Id);
}
