// Many clients at once: a vanished uploader leaves nothing, pushes to one service queue, builds
// share max_parallel_builds slots, and other clients are served while builds run.
import assert from 'node:assert/strict';
import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'node:test';
import { execa } from 'execa';
import { decodeEvent } from '../../../src/core/protocol.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { tarOf, daemonFixture, execOverSsh2, type ExecResult } from './daemon-fixture.js';

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function resultOf(run: ExecResult) {
  return decodeEvent(run.stdout.trim().split('\n').at(-1) ?? '');
}

test('an ssh client killed mid-upload leaves no work dir and deploys nothing', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const dir = await f.app(f.service('cut'));
  await appendFile(join(dir, 'big.bin'), randomBytes(8_000_000));
  const tar = await tarOf(dir, false);

  const ssh = execa('ssh', [...f.sshArgs(alice), 'push'], { reject: false, stdin: 'pipe' });
  ssh.stdin.on('error', () => {});
  ssh.stdin.write(tar.subarray(0, 3_000_000));
  await until('the work dir', async () => (await f.workDirs()).length === 1);
  ssh.kill('SIGKILL');
  await ssh;
  await until('the work dir to go', async () => (await f.workDirs()).length === 0);
  assert.deepEqual(listDeployments(f.engine.db, f.service('cut')), []);
  assert.ok(!f.log.some((line) => line.includes('internal error')), f.log.join('\n'));
});

test('two pushes to one service queue: the second says it waits, both end live in order', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const key = await readFile(alice.privateFile);
  const service = f.service('queue');
  const first = await tarOf(await f.app(service, { version: 'v1', bootSeconds: 2 }));
  const second = await tarOf(await f.app(service, { version: 'v2' }));

  let firstOut = '';
  const one = execOverSsh2(f.port, key, 'push --events=json', first, (out) => (firstOut = out));
  await until('the first deploy to build', () => /"building /.test(firstOut));
  let secondOut = '';
  const two = execOverSsh2(f.port, key, 'push', second, (out) => (secondOut = out));
  await until('the second to wait', () => /waiting for deployment #1 on /.test(secondOut));
  const [a, b] = await Promise.all([one, two]);
  assert.equal(a.code, 0, a.stdout);
  assert.equal(b.code, 0, b.stdout + b.stderr);
  assert.match(
    b.stdout,
    new RegExp(`==> waiting for deployment #1 on ${service} \\(pid ${process.pid}\\) to finish`),
  );
  assert.deepEqual(
    listDeployments(f.engine.db, service).map((d) => [d.id, d.status]),
    [
      [2, 'live'],
      [1, 'superseded'],
    ],
  );
});

test('builds of different services share max_parallel_builds; other clients are served meanwhile', async (t) => {
  const f = await daemonFixture(t, '[daemon]\nmax_parallel_builds = 1\n');
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const key = await readFile(alice.privateFile);
  const slow = async (name: string) => {
    const dir = await f.app(f.service(name));
    await appendFile(join(dir, 'Dockerfile'), `RUN echo ${f.service(name)} && sleep 3\n`);
    return tarOf(dir);
  };
  const [a, b] = [await slow('a'), await slow('b')];

  let firstOut = '';
  const one = execOverSsh2(f.port, key, 'push --events=json', a, (out) => (firstOut = out));
  await until('the first build', () => /"building /.test(firstOut));
  let secondOut = '';
  const two = execOverSsh2(f.port, key, 'push --events=json', b, (out) => (secondOut = out));
  await until('the second to wait for a slot', () => /waiting for a build slot/.test(secondOut));
  assert.match(secondOut, /waiting for a build slot: 1 builds running \(max_parallel_builds = 1\)/);
  assert.doesNotMatch(firstOut, /"type":"result"/, 'the first build still runs');

  const started = Date.now();
  const status = await execOverSsh2(f.port, key, 'status --events=json');
  assert.equal(status.code, 0);
  assert.ok(Date.now() - started < 2000, 'status is answered while a build runs');

  const [ra, rb] = await Promise.all([one, two]);
  assert.ok(resultOf(ra)?.type === 'result' && ra.code === 0, ra.stdout);
  assert.ok(resultOf(rb)?.type === 'result' && rb.code === 0, rb.stdout);
});
