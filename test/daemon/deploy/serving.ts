// What the deploy tests ask of running containers: their answers over HTTP and Docker's view of them.
import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import type { ContainerInfo } from '../../../src/daemon/runtime/container-runtime.js';
import { LABELS } from '../../../src/daemon/runtime/container-runtime.js';
import { httpGetUntil } from '../../helpers/http.js';
import type { DeployFixture } from './fixture.js';

/** The body of `GET /` from each container, straight at its address on the mypaas network. */
export async function bodies(containers: ContainerInfo[]): Promise<string[]> {
  return Promise.all(
    containers.map(async (c) => {
      assert.ok(c.ip, `${c.name} has an address`);
      const res = await httpGetUntil(`http://${c.ip}:8080/`, { deadlineMs: 2000, intervalMs: 50 });
      assert.equal(res.status, 200, `${c.name} answers 200`);
      return res.body.trim();
    }),
  );
}

/** The containers of one deployment of `service` in production, as the engine sees them. */
export function containersOf(
  f: DeployFixture,
  service: string,
  deployment?: number,
): Promise<ContainerInfo[]> {
  return f.engine.runtime.listContainers({ service, env: 'production', deployment }, f.network);
}

/** Every container Docker has with the service's label, whatever made it. */
export async function dockerContainerIds(docker: Docker, service: string): Promise<string[]> {
  const listed = await docker.listContainers({
    all: true,
    filters: { label: [`${LABELS.service}=${service}`] },
  });
  return listed.map((c) => c.Id).sort();
}

/** Every tag of every image Docker has with the service's label. */
export async function dockerImageTags(docker: Docker, service: string): Promise<string[]> {
  const images = await docker.listImages({
    filters: { label: [`${LABELS.service}=${service}`] },
  });
  return images.flatMap((i) => i.RepoTags ?? []).sort();
}

/** `State.Running` and `State.StartedAt` from docker inspect: a restarted container changes the latter. */
export async function runState(
  docker: Docker,
  id: string,
): Promise<{ running: boolean; startedAt: string }> {
  const info = await docker.getContainer(id).inspect();
  return { running: info.State.Running, startedAt: info.State.StartedAt };
}
