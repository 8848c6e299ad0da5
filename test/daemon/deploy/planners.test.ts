// The pure parts of the deploy engine: container options, swap strategy, retention, rollback target.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  containerName,
  containerOptions,
  publishedPorts,
} from '../../../src/daemon/deploy/container-options.js';
import { previousLiveRelease } from '../../../src/daemon/deploy/deploy-release.js';
import { planPrune } from '../../../src/daemon/deploy/plan-prune.js';
import { planSwap } from '../../../src/daemon/deploy/plan-swap.js';
import { newReleaseId } from '../../../src/daemon/deploy/release-id.js';
import type { ContainerInfo } from '../../../src/daemon/runtime/container-runtime.js';
import type { Deployment } from '../../../src/daemon/state/types.js';
import type { ServiceSpec } from '../../../src/parse/spec.js';
import { containerLimits, tenantProblems } from '../../../src/daemon/policy/tenant-rules.js';

const DEPLOYER_CAPS = { maxScale: 4, maxMemoryBytes: 1024 ** 3, maxCpus: 1, maxPids: 512 };

const spec: ServiceSpec = {
  service: 'web',
  urls: ['https://web.example.com'],
  port: 3000,
  scale: 2,
  volumes: [],
  env: { LOG: 'info' },
  publish: [],
  maxcpu: 1.5,
  maxmem: 512 * 1024 * 1024,
  healthcheck: null,
  init: null,
};
const input = {
  spec,
  env: 'production',
  release: 'r1',
  image: 'web:r1',
  deploymentId: 7,
  variables: { LOG: 'info', TOKEN: 'secret' },
  volumes: [{ host: '/srv/data', container: '/data', readOnly: true }],
  network: 'mypaas',
  stopTimeoutMs: 10_500,
  init: true,
  limits: containerLimits(spec, false, DEPLOYER_CAPS),
};

test('container options: labels, platform env, limits, mounts, network alias, log caps', () => {
  const o = containerOptions({ ...input, replica: 2 });
  assert.equal(o.name, 'web-d7-2');
  assert.deepEqual(o.Labels, {
    'mypaas.service': 'web',
    'mypaas.env': 'production',
    'mypaas.release': 'r1',
    'mypaas.deployment': '7',
    'mypaas.replica': '2',
  });
  assert.deepEqual(o.Env, [
    'LOG=info',
    'TOKEN=secret',
    'PORT=3000',
    'MYPAAS_SERVICE=web',
    'MYPAAS_ENV=production',
    'MYPAAS_RELEASE=r1',
    'MYPAAS_DEPLOYMENT=7',
    'MYPAAS_CONTAINER=web-d7-2',
  ]);
  assert.equal(o.HostConfig?.NanoCpus, 1_500_000_000);
  assert.equal(o.HostConfig?.Memory, 536870912);
  assert.deepEqual(o.HostConfig?.Binds, ['/srv/data:/data:ro']);
  assert.deepEqual(o.HostConfig?.RestartPolicy, { Name: 'unless-stopped' });
  assert.equal(o.HostConfig?.Init, true);
  assert.equal(containerOptions({ ...input, replica: 1, init: false }).HostConfig?.Init, false);
  assert.deepEqual(o.HostConfig?.LogConfig, {
    Type: 'json-file',
    Config: { 'max-size': '10m', 'max-file': '3' },
  });
  assert.equal(o.StopTimeout, 11);
  assert.deepEqual(o.NetworkingConfig?.EndpointsConfig?.['mypaas']?.Aliases, ['web']);
  assert.equal(containerName('web', 'staging', 7, 1), 'web-staging-d7-1');
  assert.equal(o.HostConfig?.PidsLimit, undefined, "an admin's service has no process cap");
  const unlimited = containerOptions({
    ...input,
    limits: containerLimits({ ...spec, maxcpu: null, maxmem: null }, false, DEPLOYER_CAPS),
    replica: 1,
  });
  assert.equal(unlimited.HostConfig?.NanoCpus, undefined);
  assert.equal(unlimited.HostConfig?.Memory, undefined);
});

test("container limits: a deployer's service gets the caps as defaults and never more", () => {
  const capped = (maxcpu: number | null, maxmem: number | null) =>
    containerLimits({ ...spec, maxcpu, maxmem }, true, DEPLOYER_CAPS);
  assert.deepEqual(capped(null, null), {
    memoryBytes: 1024 ** 3,
    nanoCpus: 1e9,
    pids: 512,
  });
  assert.deepEqual(capped(0.5, 256 * 1024 ** 2), {
    memoryBytes: 256 * 1024 ** 2,
    nanoCpus: 5e8,
    pids: 512,
  });
  assert.deepEqual(capped(8, 64 * 1024 ** 3), { memoryBytes: 1024 ** 3, nanoCpus: 1e9, pids: 512 });
});

test('tenant rules: every refusal is listed with its directive and the fix', () => {
  const problems = tenantProblems(
    {
      ...spec,
      scale: 1000,
      maxmem: 8 * 1024 ** 3,
      maxcpu: 4,
      publish: ['2222:22'],
      volumes: [
        { host: '~/_mypaas/volumes/web', container: '/data', readOnly: false },
        { host: 'cache', container: '/cache', readOnly: false },
      ],
    },
    DEPLOYER_CAPS,
  );
  assert.equal(problems.length, 5, problems.join('\n'));
  assert.match(problems[0] ?? '', /mypaas.publish=2222:22/);
  assert.match(problems[1] ?? '', /# mypaas.volume=data:\/data$/);
  assert.match(problems[2] ?? '', /at most 4 replicas/);
  assert.match(problems[3] ?? '', /8192 MiB is more than the 1024 MiB/);
  assert.match(problems[4] ?? '', /at most 1 CPU/);
  assert.deepEqual(
    tenantProblems({ ...spec, scale: 4, maxcpu: 1, maxmem: null }, DEPLOYER_CAPS),
    [],
  );
});

test('published ports: address, protocol and ranges become Docker port bindings', () => {
  assert.deepEqual(
    publishedPorts(['127.0.0.1:2222:22', '8080:80', '6000-6001:7000-7001/udp']).bindings,
    {
      '22/tcp': [{ HostIp: '127.0.0.1', HostPort: '2222' }],
      '80/tcp': [{ HostIp: '', HostPort: '8080' }],
      '7000/udp': [{ HostIp: '', HostPort: '6000' }],
      '7001/udp': [{ HostIp: '', HostPort: '6001' }],
    },
  );
  assert.deepEqual(publishedPorts(['[::1]:53:53/udp']).bindings, {
    '53/udp': [{ HostIp: '::1', HostPort: '53' }],
  });
});

test('swap strategy: rolling for scale >= 1, stop-first for scale 0 and for published ports', () => {
  const old = [
    { id: 'a', deployment: 6 },
    { id: 'b', deployment: 7 },
  ] as ContainerInfo[];
  const rolling = planSwap(old, { ...input, spec: { ...spec, scale: 3 } });
  assert.equal(rolling.strategy, 'rolling');
  assert.equal(rolling.start.length, 3);
  assert.deepEqual(
    rolling.retire.map((c) => c.id),
    ['a'],
    "this deployment's own containers are never retired",
  );
  const zero = planSwap(old, { ...input, spec: { ...spec, scale: null } });
  assert.deepEqual([zero.strategy, zero.start.length], ['stop-first', 1]);
  const published = planSwap(old, {
    ...input,
    spec: { ...spec, scale: 1, publish: ['8080:3000'] },
  });
  assert.equal(published.strategy, 'stop-first');
  assert.match(published.reason, /host ports/);
});

test('retention keeps the newest N and every protected release', () => {
  const releases = [1, 2, 3, 4, 5, 6].map((n) => ({ id: `r${n}`, createdAt: n }));
  assert.deepEqual(planPrune(releases, 3, new Set()), ['r3', 'r2', 'r1']);
  assert.deepEqual(planPrune(releases, 3, new Set(['r1', 'r2'])), ['r3']);
  assert.deepEqual(planPrune(releases, 10, new Set()), []);
});

test('rollback target: the release live before the current one, skipping ones that never went live', () => {
  const d = (id: number, releaseId: string, status: Deployment['status']) =>
    ({ id, releaseId, status }) as Deployment;
  const history = [
    d(5, 'r4', 'live'),
    d(4, 'r3', 'failed'),
    d(3, 'r4', 'superseded'),
    d(2, 'r2', 'superseded'),
    d(1, 'r1', 'superseded'),
  ];
  assert.equal(previousLiveRelease(history, 'r4'), 'r2');
  assert.equal(previousLiveRelease([d(1, 'r1', 'live')], 'r1'), null);
});

test('release ids sort by time and read as UTC', () => {
  assert.equal(
    newReleaseId(Date.UTC(2026, 10, 22, 1, 2, 3), () => 'beef'),
    '20261122-010203-beef',
  );
  assert.ok(newReleaseId(1000) < newReleaseId(2000));
});
