// `mypaas push` from a "laptop" (the real CLI, its own HOME) to the real daemon and Docker: the
// release goes live, the host key is pinned, and what must not reach the image does not: a
// symlink out of the app refuses the whole upload, and .dockerignore'd files are never sent.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { daemonFixture } from '../daemon/ssh/daemon-fixture.js';

const bin = join(fileURLToPath(new URL('../../../', import.meta.url)), 'bin/mypaas.js');

test('mypaas push deploys over SSH; a link to a host file is refused, ignored files stay out', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const laptop = await mkdtemp(join(tmpdir(), 'mypaas-laptop-'));
  t.after(() => rm(laptop, { recursive: true, force: true }));
  const key = await f.key('alice', 'admin');
  const service = f.service('pushed');
  const dir = await f.app(service, { scale: 1 });
  const dockerfile = join(dir, 'Dockerfile');
  await writeFile(
    dockerfile,
    (await readFile(dockerfile, 'utf8')).replace(
      'COPY start.sh /start.sh',
      'COPY . /app/\nCOPY start.sh /start.sh',
    ),
  );
  await writeFile(join(dir, '.dockerignore'), 'secret.txt\n*.log\n');
  await writeFile(join(dir, 'secret.txt'), 'do not ship me');
  await writeFile(join(dir, 'debug.log'), 'noise');
  await writeFile(join(dir, 'kept.txt'), 'shipped');
  await symlink('/etc/hostname', join(dir, 'leak'));
  const cli = (...args: string[]) =>
    execa('node', [bin, ...args, '--identity', key.privateFile], {
      reject: false,
      env: { HOME: laptop, XDG_CONFIG_HOME: join(laptop, '.config'), NO_COLOR: '1' },
    });
  const server = `mypaas@127.0.0.1:${f.port}`;

  const refused = await cli('push', server, dir);
  assert.equal(refused.exitCode, 1);
  assert.match(refused.stderr, /leak is a symlink to \/etc\/hostname, outside the app directory/);
  const nothing = await cli('status', server, service, '--json');
  assert.equal(nothing.exitCode, 1, 'nothing deployed');
  assert.equal(
    (JSON.parse(nothing.stdout) as { error: { code: string } }).error.code,
    'SERVICE_NOT_FOUND',
  );

  await writeFile(join(dir, '.dockerignore'), 'secret.txt\n*.log\nleak\n');
  const push = await cli('push', server, dir);
  assert.equal(push.exitCode, 0, `${push.stdout}\n${push.stderr}`);
  assert.match(push.stdout, new RegExp(`✓ ${service} is live: release (\\S+) \\(deployment #1\\)`));
  assert.match(push.stdout, /Step 1\/\d+ : FROM/, 'the build log is streamed to the laptop');
  // A small app over loopback: deflated while the link is still unknown.
  assert.match(
    push.stdout,
    /received \d+ files and directories, \d+ kB \(framed tar, \d+ kB sent\)/,
  );
  const knownHosts = await readFile(join(laptop, '.config/mypaas/known_hosts'), 'utf8');
  assert.match(knownHosts, new RegExp(`^\\[127\\.0\\.0\\.1\\]:${f.port} ssh-ed25519 `));

  const release = /release (\S+)/.exec(push.stdout)?.[1] ?? '';
  const image = `${service}:${release}`;
  const inImage = await execa('docker', ['run', '--rm', image, 'ls', '-A', '/app']);
  const files = inImage.stdout.split('\n').sort();
  assert.deepEqual(files, ['.dockerignore', 'Dockerfile', 'kept.txt', 'start.sh']);

  const status = await cli('status', server, service, '--json');
  assert.equal(status.exitCode, 0, status.stderr);
  const [row] = JSON.parse(status.stdout) as {
    service: string;
    deployment: number;
    state: string;
  }[];
  assert.deepEqual([row?.service, row?.deployment, row?.state], [service, 1, 'running']);
});
