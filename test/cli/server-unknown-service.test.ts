// `mypaas server …` on a service the host does not have exits non-zero with the nearest name;
// one that never went live is shown, logged and removable; reading works without Docker.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { deployFixture } from '../daemon/deploy/fixture.js';
import { mypaas, mypaasWith } from './server-cli.js';

test('every command on an unknown service exits 1 and names the nearest known one', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const web = f.service('web');
  assert.equal((await mypaas(f, 'server', 'deploy', await f.app(web))).exitCode, 0);
  const typo = f.service('wbe');
  const commands = [
    ['status', typo],
    ['status', typo, '--json'],
    ['logs', typo],
    ['logs', typo, '--deployment', '1'],
    ['deployments', typo],
    ['stop', typo],
    ['start', typo],
    ['rm', typo, '--yes'],
    ['rollback', typo],
    ['redeploy', typo],
    ['env', typo, 'list'],
    ['env', typo, 'unset', 'A'],
  ];
  for (const args of commands) {
    const result = await mypaas(f, 'server', ...args);
    assert.equal(result.exitCode, 1, `${args.join(' ')}: ${result.all}`);
    assert.match(result.stderr, new RegExp(`^error: no service ${typo}`, 'm'), args.join(' '));
    assert.match(result.stderr, new RegExp(`^hint: did you mean ${web}\\?$`, 'm'), args.join(' '));
  }
  // Setting env before the first deploy is how it is meant to be done: allowed, and said so.
  const next = f.service('next');
  const set = await mypaas(f, 'server', 'env', next, 'set', 'A=1');
  assert.equal(set.exitCode, 0, set.all);
  assert.equal(
    set.stdout,
    `set A for ${next} (production); ${next} (production) has no deployment yet; these values apply at its first deploy`,
  );
  assert.equal((await mypaas(f, 'server', 'env', next, 'list')).stdout, 'A=********');
});

test('a service that never went live: status, logs and rm see it', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const web = f.service('web');
  const failed = await mypaas(f, 'server', 'deploy', await f.app(web, { kind: 'crash' }));
  assert.equal(failed.exitCode, 1);
  const status = await mypaas(f, 'server', 'status');
  assert.equal(status.exitCode, 0, status.all);
  assert.match(status.stdout, new RegExp(`^${web} +production +failed +- +- +0/0 running`, 'm'));
  assert.match(
    status.stdout,
    new RegExp(`^  ${web} \\(production\\): deployment #1 failed: `, 'm'),
  );
  const json = JSON.parse((await mypaas(f, 'server', 'status', web, '--json')).stdout) as {
    state: string;
    lastDeployment: { status: string };
  }[];
  assert.equal(json[0]?.state, 'failed');
  assert.equal(json[0]?.lastDeployment.status, 'failed');

  const logs = await mypaas(f, 'server', 'logs', web);
  assert.equal(logs.exitCode, 0, logs.all);
  assert.match(logs.stderr, /is not live; the log of its last deployment #1 \(failed\) follows/);
  assert.match(logs.stdout, /fatal: DATABASE_URL is not set/);

  const removed = await mypaas(f, 'server', 'rm', web, '--yes');
  assert.equal(removed.exitCode, 0, removed.all);
  const images = await f.docker.listImages({ filters: { reference: [web] } });
  assert.deepEqual(images, [], 'its release image is removed');
  const gone = await mypaas(f, 'server', 'status', web);
  assert.equal(gone.exitCode, 1);
  assert.match(gone.stderr, /was removed from this host/);
  assert.equal((await mypaas(f, 'server', 'deployments', web)).exitCode, 0, 'history is kept');
  assert.equal((await mypaas(f, 'server', 'rm', web, '--purge', '--yes')).exitCode, 0);
  assert.equal((await mypaas(f, 'server', 'deployments', web)).exitCode, 1, 'and forgotten');
});

test('with Docker unreachable, reading commands work and status marks containers unknown', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const web = f.service('web');
  assert.equal((await mypaas(f, 'server', 'deploy', await f.app(web))).exitCode, 0);
  assert.equal((await mypaas(f, 'server', 'env', web, 'set', 'A=1')).exitCode, 0);
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-nodocker-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const dead = { DOCKER_HOST: `unix://${join(dir, 'docker.sock')}` }; // nothing listens there

  for (const args of [
    ['deployments', web],
    ['env', web, 'list'],
    ['audit'],
    ['logs', web, '--deployment', '1'],
  ]) {
    const result = await mypaasWith(f, dead, 'server', ...args);
    assert.equal(result.exitCode, 0, `${args.join(' ')}: ${result.all}`);
  }
  const status = await mypaasWith(f, dead, 'server', 'status');
  assert.equal(status.exitCode, 0, status.all);
  assert.match(status.stdout, new RegExp(`^${web} +production +running .* unknown `, 'm'));
  const warnings = status.stderr.split('\n').filter((l) => l.startsWith('warning: '));
  assert.equal(warnings.length, 1, status.stderr);
  assert.match(warnings[0] ?? '', /Docker is not reachable, so the containers are unknown/);
  const json = JSON.parse((await mypaasWith(f, dead, 'server', 'status', '--json')).stdout) as {
    containers: unknown;
  }[];
  assert.equal(json[0]?.containers, null);
  // A change does need Docker, and says so.
  const stop = await mypaasWith(f, dead, 'server', 'stop', web);
  assert.equal(stop.exitCode, 1);
  assert.match(stop.stderr, /docker engine not reachable/);
});
