// What a push sends, as the stand-in daemon receives it: .dockerignore with Docker's semantics, the
// .git rule, symlinks as symlinks. (The daemon's own end-to-end tests cover the real server.)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstat, readFile, readlink, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { dockerfileUsesGit } from '../../../src/cli/remote/context-rules.js';
import { remoteFixture, succeed } from './remote-fixture.js';
import { tempDir, writeTree } from './ssh-test-server.js';
import { receiveUpload, type Received } from './upload-receiver.js';

const LIVE = { service: 'hello', release: 'r1', urls: [] };

// Pushes `app` and returns what the stand-in daemon received, unpacked into a directory.
async function pushAndReceive(t: TestContext, app: string) {
  const dir = await tempDir(t);
  let entries: Received[] = [];
  const f = await remoteFixture(t, async (call) => {
    entries = await receiveUpload(call.stdin, dir);
    succeed(call, LIVE);
  });
  const result = await f.run(['push', f.address, app]);
  assert.equal(result.exitCode, 0, String(result.stderr));
  const names = (type: string) =>
    entries
      .filter((e) => e.type === type)
      .map((e) => e.name)
      .sort();
  return { dir, entries, files: names('file'), dirs: names('directory'), result };
}

test('.dockerignore is applied as docker build applies it: anchored patterns, *, **, dirs, ! exceptions', async (t) => {
  const app = await tempDir(t);
  await writeTree(app, {
    Dockerfile: 'FROM busybox\nCOPY . /app\n',
    '.dockerignore': [
      '# a comment line',
      '*.log',
      '!keep.log',
      'node_modules',
      '/docs/',
      '**/*.tmp',
      'build/*',
      '!build/keep/',
      'secret',
      'Dockerfile',
      '.dockerignore',
      '  vendor/**  ',
      '!vendor/licenses/*.txt',
    ].join('\n'),
    'app.js': 'ok',
    'debug.log': 'no',
    'keep.log': 'yes',
    'sub/debug.log': '* does not cross directories',
    'node_modules/x/index.js': 'no',
    'docs/readme.md': 'no',
    'a/b/c.tmp': 'no',
    'x.tmp': 'no',
    'build/out.js': 'no',
    'build/keep/k.js': 'yes',
    'secret/key.pem': 'no',
    'src/secret': 'patterns are anchored at the root',
    'vendor/lib.js': 'no',
    'vendor/licenses/MIT.txt': 'yes, re-included under an excluded dir',
    'vendor/licenses/notes.md': 'no',
  });
  const { files, dirs, dir } = await pushAndReceive(t, app);
  assert.deepEqual(files, [
    '.dockerignore',
    'Dockerfile',
    'app.js',
    'build/keep/k.js',
    'keep.log',
    'src/secret',
    'sub/debug.log',
    'vendor/licenses/MIT.txt',
  ]);
  // Every file arrives with its parent directories, even those .dockerignore excludes.
  assert.deepEqual(dirs, [
    'a',
    'a/b',
    'build',
    'build/keep',
    'src',
    'sub',
    'vendor',
    'vendor/licenses',
  ]);
  assert.equal(
    await readFile(join(dir, 'vendor/licenses/MIT.txt'), 'utf8'),
    'yes, re-included under an excluded dir',
  );
});

test('.git is left out unless the Dockerfile copies it', async (t) => {
  const tree = {
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.git/objects/ab/cd': 'x',
    '.github/ci.yml': 'on: push',
    'index.html': 'hi',
  };
  const without = await tempDir(t);
  await writeTree(without, { ...tree, Dockerfile: 'FROM busybox\nCOPY . /app\n' });
  const sent = await pushAndReceive(t, without);
  assert.deepEqual(sent.files, ['.github/ci.yml', 'Dockerfile', 'index.html']);
  const withGit = await tempDir(t);
  await writeTree(withGit, {
    ...tree,
    Dockerfile: 'FROM busybox\nCOPY . /app\nCOPY .git /app/.git\n',
  });
  const sentGit = await pushAndReceive(t, withGit);
  assert.deepEqual(sentGit.files, [
    '.git/HEAD',
    '.git/objects/ab/cd',
    '.github/ci.yml',
    'Dockerfile',
    'index.html',
  ]);
});

test('which Dockerfile lines count as using .git', () => {
  const uses = [
    'COPY .git /src/.git',
    'copy --chown=1000:1000 ./.git ./.git',
    'ADD ["./.git", "/g"]',
    'COPY .git/HEAD /x',
    'COPY \\\n  .git \\\n  /g',
    'RUN --mount=type=bind,source=.git,target=/g git describe',
  ];
  const ignores = [
    'COPY . /app',
    'COPY .github /x',
    'COPY src /app/.git',
    '# COPY .git /x',
    'RUN git init',
  ];
  for (const line of uses) assert.equal(dockerfileUsesGit(`FROM busybox\n${line}\n`), true, line);
  for (const line of ignores)
    assert.equal(dockerfileUsesGit(`FROM busybox\n${line}\n`), false, line);
});

test('symlinks arrive as symlinks, never as the content they point to', async (t) => {
  const app = await tempDir(t);
  await writeTree(app, { Dockerfile: 'FROM busybox\n', 'real.txt': 'r', 'sub/x': 'x' });
  await symlink('real.txt', join(app, 'relative'));
  await symlink('../real.txt', join(app, 'sub/up-but-inside'));
  execFileSync('mkfifo', [join(app, 'pipe')]);
  const { entries, dir, files, result } = await pushAndReceive(t, app);
  const links = entries.filter((e) => e.type === 'symlink').map((e) => [e.name, e.linkname]);
  assert.deepEqual(links.sort(), [
    ['relative', 'real.txt'],
    ['sub/up-but-inside', '../real.txt'],
  ]);
  assert.deepEqual(files, ['Dockerfile', 'real.txt', 'sub/x']);
  assert.ok((await lstat(join(dir, 'relative'))).isSymbolicLink());
  assert.equal(await readlink(join(dir, 'relative')), 'real.txt');
  assert.match(
    String(result.stdout),
    /warning: not sent: pipe \(not a file, directory or symlink\)/,
  );
});

test('a symlink out of the app stops the push before it is sent, naming it and the fix', async (t) => {
  const outside = await tempDir(t);
  await writeTree(outside, { 'host-secret': 'must not leave the laptop', 'dir/inner': 'neither' });
  for (const [name, target] of [
    ['to-host-file', join(outside, 'host-secret')],
    ['to-host-dir', join(outside, 'dir')],
    ['climbs-out', '../../etc/hostname'],
  ] as const) {
    const app = await tempDir(t);
    await writeTree(app, { Dockerfile: 'FROM busybox\n', 'real.txt': 'r' });
    await symlink(target, join(app, name));
    const f = await remoteFixture(t, async (call) => {
      await receiveUpload(call.stdin).catch(() => []);
      succeed(call, LIVE);
    });
    const result = await f.run(['push', f.address, app]);
    assert.equal(result.exitCode, 1, name);
    assert.match(
      String(result.stderr),
      new RegExp(`error: ${name} is a symlink to \\S+, outside the app directory`),
    );
    assert.match(String(result.stderr), new RegExp(`line in \\.dockerignore: ${name}`));
  }
});
