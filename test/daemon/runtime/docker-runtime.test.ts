// The Docker runtime against the real engine: builds, exact label isolation, logs, idempotent teardown.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import Docker from 'dockerode';
import { isMypaasError, type ErrorCode } from '../../../src/core/errors.js';
import { waitUntilHealthy } from '../../../src/daemon/health/health-gate.js';
import { connectDocker } from '../../../src/daemon/runtime/connect-docker.js';
import { LABELS } from '../../../src/daemon/runtime/container-runtime.js';
import { createDockerRuntime } from '../../../src/daemon/runtime/docker-runtime.js';
import { ensureBusyboxImage } from '../../helpers/base-images.js';
import { buildImage as buildFromMemory } from '../../helpers/build-context.js';
import {
  cleanupByLabel,
  newRunId,
  requireDocker,
  testLabel,
  testName,
} from '../../helpers/docker.js';

const TIMEOUT_MS = 180_000;

/** Awaits `run`, expecting a MypaasError with `code`; returns it. */
async function rejects(
  run: Promise<unknown>,
  code: ErrorCode,
): Promise<Error & { details: readonly string[] }> {
  const err = await run.then(
    () => assert.fail(`expected ${code}`),
    (e: unknown) => e,
  );
  assert.ok(isMypaasError(err, code), `expected ${code}, got ${String(err)}`);
  return err;
}

/** Writes `files` under `dir`, making parent directories. */
async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
}

void test('docker runtime', { timeout: TIMEOUT_MS }, async (t) => {
  const docker = await requireDocker(t);
  if (!docker) return;
  const runId = newRunId();
  const label = testLabel(runId);
  const runtime = createDockerRuntime(docker);
  const foo = testName(runId, 'foo');
  const net = testName(runId, 'net');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'mypaas-runtime-'));
  t.after(async () => {
    await cleanupByLabel(docker, runId);
    for (const n of await docker.listNetworks({ filters: { name: [net] } })) {
      if (n.Name === net) await docker.getNetwork(n.Id).remove();
    }
    await rm(tmp, { recursive: true, force: true });
  });
  const base = await ensureBusyboxImage(docker);
  const serviceLabels = (service: string, extra: Record<string, string> = {}) => ({
    ...label,
    [LABELS.service]: service,
    ...extra,
  });
  /** Runs a one-off container from `image` to its end and returns its output. */
  const runToEnd = async (image: string, script: string): Promise<string[]> => {
    const id = await runtime.createContainer({
      Image: image,
      Cmd: ['sh', '-c', script],
      Labels: label,
    });
    await runtime.startContainer(id);
    await docker.getContainer(id).wait();
    return runtime.logsTail(id, 200);
  };

  await t.test(
    'connects, and names an engine that does not answer DOCKER_UNAVAILABLE',
    async () => {
      await connectDocker();
      const missing = path.join(tmp, 'no-such-docker.sock');
      await rejects(connectDocker({ socketPath: missing }), 'DOCKER_UNAVAILABLE');
      const offline = createDockerRuntime(new Docker({ socketPath: missing }));
      await rejects(offline.inspectContainer('abc', net), 'DOCKER_UNAVAILABLE');
    },
  );

  await t.test('builds a context: .dockerignore applied, symlinks not followed', async () => {
    const context = path.join(tmp, 'app');
    const outside = path.join(tmp, 'outside.txt');
    await writeFile(outside, `OUTSIDE-${runId}\n`);
    await writeTree(context, {
      Dockerfile: [
        `FROM ${base}`,
        'COPY . /app',
        'COPY index.html /www/index.html',
        'EXPOSE 8080',
        'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]',
        '',
      ].join('\n'),
      '.dockerignore': 'secret.txt\nignored-dir\n',
      'secret.txt': `SECRET-${runId}\n`,
      'ignored-dir/inner.txt': `SECRET-${runId}\n`,
      'index.html': '<p>hello</p>\n',
      'sub/nested/kept.txt': 'kept\n',
    });
    await mkdir(path.join(context, 'empty-dir'));
    await symlink(outside, path.join(context, 'link'));

    const lines: string[] = [];
    await runtime.buildImage(context, `${foo}:r1`, serviceLabels(foo), (l) => lines.push(l));
    assert.ok(
      lines.some((l) => l.startsWith('Step 1/')),
      lines.join('\n'),
    );
    assert.ok(await runtime.imageExists(`${foo}:r1`));
    assert.equal(await runtime.imageExists(`${foo}:nope`), false);

    const out = await runToEnd(
      `${foo}:r1`,
      'cd /app && find . | sort; echo "link=$(readlink link)"; cat link 2>&1 || echo cat-failed',
    );
    for (const kept of ['./Dockerfile', './index.html', './sub/nested/kept.txt', './empty-dir']) {
      assert.ok(out.includes(kept), `${kept} missing from:\n${out.join('\n')}`);
    }
    assert.ok(out.includes(`link=${outside}`), out.join('\n'));
    assert.ok(out.includes('cat-failed'), out.join('\n'));
    assert.ok(!out.some((l) => /secret\.txt|ignored-dir|SECRET-|OUTSIDE-/.test(l)), out.join('\n'));
  });

  await t.test('a failing build is BUILD_FAILED and carries the output', async () => {
    const failing = path.join(tmp, 'failing');
    await writeTree(failing, { Dockerfile: `FROM ${base}\nRUN echo boom-${runId} && exit 3\n` });
    const lines: string[] = [];
    const err = await rejects(
      runtime.buildImage(failing, `${foo}:bad`, serviceLabels(foo), (l) => lines.push(l)),
      'BUILD_FAILED',
    );
    assert.ok(err.details.includes(`boom-${runId}`), err.details.join('\n'));
    assert.ok(lines.includes(`boom-${runId}`));

    // No registry answers here; one that does has no such image. Either way: which image, what to do.
    const unpullable = path.join(tmp, 'unpullable');
    const absent = `mypaas-test-missing-${runId}:1.0`;
    await writeTree(unpullable, { Dockerfile: `FROM ${absent}\nRUN true\n` });
    const pull = await rejects(
      runtime.buildImage(unpullable, `${foo}:pull`, label, () => {}),
      'BUILD_FAILED',
    );
    assert.match(pull.message, new RegExp(`the base image ${absent} is not on this host and`));
    assert.match((pull as Error & { hint?: string }).hint ?? '', /docker load/);

    const bogus = path.join(tmp, 'bogus');
    await writeTree(bogus, { Dockerfile: `FROM ${base}\nBOGUS instruction\n` });
    await rejects(
      runtime.buildImage(bogus, `${foo}:bogus`, label, () => {}),
      'BUILD_FAILED',
    );
    const missing = path.join(tmp, 'no-such-dir');
    await rejects(
      runtime.buildImage(missing, `${foo}:none`, label, () => {}),
      'BUILD_FAILED',
    );
    assert.equal(await runtime.imageExists(`${foo}:bad`), false);
  });

  let webId = '';
  await t.test('runs a container on its network: IP, parsed labels, healthy', async () => {
    await Promise.all([1, 2, 3, 4].map(() => runtime.ensureNetwork(net)));
    await runtime.ensureNetwork(net);
    const nets = (await docker.listNetworks({ filters: { name: [net] } })).filter(
      (n) => n.Name === net,
    );
    assert.equal(nets.length, 1);
    assert.equal(nets[0]?.Labels?.['mypaas.network'], '1');

    webId = await runtime.createContainer({
      name: `${foo}-web`,
      Image: `${foo}:r1`,
      Labels: serviceLabels(foo, {
        [LABELS.env]: 'production',
        [LABELS.release]: 'r1',
        [LABELS.deployment]: '7',
        [LABELS.replica]: '2',
      }),
      HostConfig: { NetworkMode: net },
    });
    await runtime.startContainer(webId);
    await runtime.startContainer(webId);
    const info = await runtime.inspectContainer(webId, net);
    assert.ok(info);
    assert.match(info.ip ?? '', /^\d+\.\d+\.\d+\.\d+$/);
    assert.deepEqual(
      { ...info, ip: null },
      {
        id: webId,
        name: `${foo}-web`,
        service: foo,
        env: 'production',
        release: 'r1',
        deployment: 7,
        replica: 2,
        state: 'running',
        ip: null,
        exitCode: null,
        health: null,
        hostMounts: [],
      },
    );
    assert.equal((await runtime.inspectContainer(webId, 'bridge'))?.ip, null);
    const gate = await waitUntilHealthy({
      url: `http://${info.ip}:8080/`,
      intervalMs: 100,
      timeoutMs: 20_000,
      checkAlive: async () => {
        const now = await runtime.inspectContainer(webId, net);
        return now?.state === 'running' ? { alive: true } : { alive: false, reason: 'stopped' };
      },
    });
    assert.equal(gate.status, 200);
  });

  await t.test('lists containers by exact labels: foo never sees foo.bar or foo-2', async () => {
    const make = (name: string, service: string, extra: Record<string, string>) =>
      runtime.createContainer({
        name: `${foo}-${name}`,
        Image: `${foo}:r1`,
        Labels: serviceLabels(service, extra),
      });
    const common = { [LABELS.env]: 'production', [LABELS.release]: 'r1', [LABELS.deployment]: '7' };
    await make('staging', foo, { [LABELS.env]: 'staging', [LABELS.deployment]: '8' });
    await make('dotted', `${foo}.bar`, common);
    await make('dashed', `${foo}-2`, common);

    const names = async (filter: Parameters<typeof runtime.listContainers>[0]) =>
      (await runtime.listContainers(filter, net)).map((c) => c.name.slice(foo.length + 1));
    // The one-off container of the build test inherits mypaas.service from its image: not listed.
    assert.deepEqual(await names({ service: foo }), ['web', 'staging']);
    assert.deepEqual(await names({ service: foo, env: 'production' }), ['web']);
    assert.deepEqual(await names({ service: foo, deployment: 8 }), ['staging']);
    assert.deepEqual(await names({ service: foo, release: 'r1', env: 'production' }), ['web']);
    assert.deepEqual(await names({ service: foo, all: false }), ['web']);
    assert.deepEqual(await names({ service: `${foo}.bar` }), ['dotted']);
    assert.deepEqual(await names({ service: `${foo}-2` }), ['dashed']);
    const staging = await runtime.listContainers({ service: foo, env: 'staging' }, net);
    assert.equal(staging[0]?.state, 'created');
  });

  await t.test('logsTail returns the last lines, oldest first, stderr included', async () => {
    const script =
      'echo err-first >&2; sleep 0.3; i=1; while [ $i -le 50 ]; do echo line-$i; i=$((i+1)); done';
    const id = await runtime.createContainer({
      Image: base,
      Cmd: ['sh', '-c', script],
      Labels: label,
    });
    await runtime.startContainer(id);
    await docker.getContainer(id).wait();
    const fifty = Array.from({ length: 50 }, (_, i) => `line-${i + 1}`);
    assert.deepEqual(await runtime.logsTail(id, 10), fifty.slice(-10));
    assert.deepEqual(await runtime.logsTail(id, 100), ['err-first', ...fifty]);
    assert.deepEqual(await runtime.logsTail(id, 0), []);
    const info = await runtime.inspectContainer(id, net);
    assert.equal(info?.state, 'exited');
    assert.equal(info?.exitCode, 0);
  });

  await t.test('stop and remove are idempotent', async () => {
    await runtime.stopContainer(webId, 500);
    assert.equal((await runtime.inspectContainer(webId, net))?.state, 'exited');
    await runtime.stopContainer(webId, 500);
    await Promise.all([runtime.removeContainer(webId), runtime.removeContainer(webId)]);
    await runtime.removeContainer(webId);
    await runtime.stopContainer(webId, 500);
    assert.equal(await runtime.inspectContainer(webId, net), null);
    assert.deepEqual(await runtime.logsTail(webId, 10), []);
  });

  await t.test('release images: exact per service, newest first; removal rules', async () => {
    const labelOnly = (service: string, tag: string) =>
      buildFromMemory(
        docker,
        { Dockerfile: `FROM ${base}\nLABEL tag=${tag}\n` },
        tag,
        serviceLabels(service),
      );
    await labelOnly(foo, `${foo}:r2`);
    await labelOnly(`${foo}-2`, `${foo}-2:r1`);
    await labelOnly(`${foo}.bar`, `${foo}.bar:r1`);
    // Labelled foo but named like foo-2: neither service may claim it.
    await docker.getImage(`${foo}:r1`).tag({ repo: `${foo}-2`, tag: 'stray' });

    const releases = async (service: string) =>
      (await runtime.listReleaseImages(service)).map((i) => `${i.tag}|${i.release}`);
    assert.deepEqual(await releases(foo), [`${foo}:r2|r2`, `${foo}:r1|r1`]);
    assert.deepEqual(await releases(`${foo}-2`), [`${foo}-2:r1|r1`]);
    assert.deepEqual(await releases(`${foo}.bar`), [`${foo}.bar:r1|r1`]);

    await runtime.removeImage(`${foo}:missing`);
    const user = await runtime.createContainer({ Image: `${foo}:r2`, Labels: label });
    await rejects(runtime.removeImage(`${foo}:r2`), 'DOCKER_FAILED');
    await runtime.removeContainer(user);
    await runtime.removeImage(`${foo}:r2`);
    assert.equal(await runtime.imageExists(`${foo}:r2`), false);
    await runtime.removeImage(`${foo}-2:stray`);
    assert.ok(await runtime.imageExists(`${foo}:r1`));
  });
});
