// End-to-end smoke test of the engine the deploy path relies on: build, run, reach over the bridge.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ensureBusyboxImage } from '../helpers/base-images.js';
import { buildImage } from '../helpers/build-context.js';
import { cleanupByLabel, newRunId, requireDocker, testLabel, testName } from '../helpers/docker.js';
import { httpGetUntil } from '../helpers/http.js';

const TIMEOUT_MS = 120_000;

void test(
  'a container built on the busybox base serves its page over the bridge',
  { timeout: TIMEOUT_MS },
  async (t) => {
    const docker = await requireDocker(t);
    if (!docker) return;
    const runId = newRunId();
    t.after(() => cleanupByLabel(docker, runId));

    const base = await ensureBusyboxImage(docker);
    const html = `<!doctype html><title>smoke</title><p>hello from run ${runId}</p>\n`;
    const tag = `mypaas-test/smoke:${runId}`;
    await buildImage(
      docker,
      {
        Dockerfile: [
          `FROM ${base}`,
          'COPY index.html /www/index.html',
          'EXPOSE 8080',
          'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]',
          '',
        ].join('\n'),
        'index.html': html,
      },
      tag,
      testLabel(runId),
    );

    const container = await docker.createContainer({
      name: testName(runId, 'web'),
      Image: tag,
      Labels: testLabel(runId),
      HostConfig: { NetworkMode: 'bridge' },
    });
    await container.start();
    const info = await container.inspect();
    assert.equal(info.State.Running, true, `container exited: ${JSON.stringify(info.State)}`);
    // Newer typings drop the top-level IPAddress that engine 20.10 still reports.
    const legacy = (info.NetworkSettings as { IPAddress?: string }).IPAddress;
    const ip = info.NetworkSettings.Networks.bridge?.IPAddress || legacy;
    assert.ok(ip, 'container has no address on the default bridge');

    const res = await httpGetUntil(`http://${ip}:8080/`, { deadlineMs: 20_000, intervalMs: 100 });
    assert.equal(res.status, 200);
    assert.equal(res.body, html);
  },
);

void test(
  'the busybox base image is made once and then reused',
  { timeout: TIMEOUT_MS },
  async (t) => {
    const docker = await requireDocker(t);
    if (!docker) return;

    const first = await ensureBusyboxImage(docker);
    const firstId = (await docker.getImage(first).inspect()).Id;
    const second = await ensureBusyboxImage(docker);
    const secondId = (await docker.getImage(second).inspect()).Id;

    assert.match(first, /^mypaas-test\/busybox:[0-9a-f]{12}$/);
    assert.equal(second, first);
    assert.equal(secondId, firstId);
  },
);
