// Engine access for tests: connect, insist on a live engine, label what a run creates, remove it.
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import Docker from 'dockerode';
import { MypaasError } from '../../src/core/errors.js';
export { followProgress, progressError } from '../../src/daemon/runtime/docker-progress.js';
export type { ProgressEvent } from '../../src/daemon/runtime/docker-progress.js';

/** The label every container, network and image a test creates carries; its value is the run id. */
export const TEST_LABEL = 'mypaas.test';

const PING_TIMEOUT_MS = 5_000;

/** A client for the engine the tests run against: DOCKER_HOST when set, else the default socket. */
export function connectDocker(): Docker {
  return new Docker();
}

/** Gives a test a live engine; fails loudly when there is none, skipping only when asked outside CI. */
export async function requireDocker(t: TestContext): Promise<Docker | undefined> {
  const docker = connectDocker();
  try {
    // The typings omit ping's options, but dockerode honours abortSignal there.
    const ping = docker.ping.bind(docker) as (opts: {
      abortSignal: AbortSignal;
    }) => Promise<unknown>;
    await ping({ abortSignal: AbortSignal.timeout(PING_TIMEOUT_MS) });
    return docker;
  } catch (err) {
    const where = process.env.DOCKER_HOST ?? 'the default socket /var/run/docker.sock';
    const reason = err instanceof Error ? err.message : String(err);
    const mayskip = process.env.CI !== 'true' && process.env.MYPAAS_SKIP_DOCKER_TESTS === '1';
    if (mayskip) {
      t.skip(`docker engine not reachable: ${reason}`);
      return undefined;
    }
    throw new MypaasError(
      'DOCKER_UNAVAILABLE',
      `docker engine not reachable at ${where}: ${reason}`,
      {
        cause: err,
        hint:
          'Start it with `nohup dockerd >/var/log/mypaas-ci-dockerd.log 2>&1 &` (as root) or run ' +
          '`.ci/run`; outside CI, MYPAAS_SKIP_DOCKER_TESTS=1 skips the tests that need it.',
      },
    );
  }
}

/** A fresh id for one test run, short enough to sit inside container names. */
export function newRunId(): string {
  return `${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The labels to put on everything a run creates, so cleanupByLabel can find it. */
export function testLabel(runId: string): Record<string, string> {
  return { [TEST_LABEL]: runId };
}

/** A container or network name that says which test run made it. */
export function testName(runId: string, part: string): string {
  return `mypaas-test-${runId}-${part}`;
}

/** Removes what a run made, for t.after(): containers first, as they hold networks and images. */
export async function cleanupByLabel(docker: Docker, runId: string): Promise<void> {
  const filters = JSON.stringify({ label: [`${TEST_LABEL}=${runId}`] });
  const failures: string[] = [];
  const attempt = async (what: string, remove: () => Promise<unknown>): Promise<void> => {
    try {
      await remove();
    } catch (err) {
      if (statusCode(err) !== 404) failures.push(`${what}: ${String(err)}`);
    }
  };
  for (const c of await docker.listContainers({ all: true, filters })) {
    await attempt(`container ${c.Id}`, () =>
      docker.getContainer(c.Id).remove({ force: true, v: true }),
    );
  }
  for (const n of await docker.listNetworks({ filters })) {
    await attempt(`network ${n.Id}`, () => docker.getNetwork(n.Id).remove());
  }
  // Newest first, so an image built on another of this run's images goes before its parent.
  const images = (await docker.listImages({ filters })).sort((a, b) => b.Created - a.Created);
  for (const i of images) {
    await attempt(`image ${i.Id}`, () => docker.getImage(i.Id).remove({ force: true }));
  }
  if (failures.length > 0) {
    throw new MypaasError('INTERNAL', `test cleanup for run ${runId} left objects behind`, {
      details: failures,
    });
  }
}

/** The HTTP status of a dockerode error, when it carries one. */
export function statusCode(err: unknown): number | undefined {
  const code = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}
