// `mypaas push` runs in a node that has NODE_FLAGS: started without them, the command runs again
// in a child that has them, whose exit status (or signal) becomes this one's.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { execa } from 'execa';
import { missingNodeFlags, rerunWithNodeFlags } from '../../src/cli/rerun-with-node-flags.js';
import { NODE_FLAGS } from '../../src/core/node-flags.js';

test('missing flags are noticed', () => {
  assert.equal(missingNodeFlags([]), true);
  assert.equal(missingNodeFlags(['--inspect']), true);
  assert.equal(missingNodeFlags([...NODE_FLAGS, '--inspect']), false);
});

test('the rerun has the flags and hands back its exit status, or 128 + its signal', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-rerun-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const script = join(dir, 'child.mjs');
  const seen = join(dir, 'seen.json');
  await writeFile(
    script,
    `import { writeFileSync } from 'node:fs';
writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ execArgv: process.execArgv, argv: process.argv.slice(2) }));
if (process.argv[2] === 'die') process.kill(process.pid, 'SIGTERM');
else process.exitCode = 3;`,
  );
  assert.equal(await rerunWithNodeFlags(['node', script, 'push', 'x y']), 3);
  const { execArgv, argv } = JSON.parse(await readFile(seen, 'utf8')) as Record<string, string[]>;
  for (const flag of NODE_FLAGS)
    assert.ok(execArgv?.includes(flag), `${flag} in ${String(execArgv)}`);
  assert.deepEqual(argv, ['push', 'x y']);
  assert.equal(await rerunWithNodeFlags(['node', script, 'die']), 128 + 15);
});

test('mypaas push without the flags still fails the way push does', async () => {
  const bin = join(import.meta.dirname, '../../../bin/mypaas.js');
  const run = await execa('node', [bin, 'push', 'nowhere', '/nonexistent-app'], { reject: false });
  assert.equal(run.exitCode, 2);
  assert.match(run.stderr, /\/nonexistent-app is not a directory/);
});

test('the rerun stops when its parent is killed outright', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-rerun-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const module = join(import.meta.dirname, '../../src/cli/rerun-with-node-flags.js');
  const child = join(dir, 'child.mjs');
  const pidFile = join(dir, 'pid');
  await writeFile(
    child,
    `import { writeFileSync } from 'node:fs';
import { exitWithParent } from ${JSON.stringify(module)};
exitWithParent();
writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
setTimeout(() => {}, 60_000);`,
  );
  const parent = join(dir, 'parent.mjs');
  await writeFile(
    parent,
    `import { rerunWithNodeFlags } from ${JSON.stringify(module)};
await rerunWithNodeFlags(['node', ${JSON.stringify(child)}]);`,
  );
  // No pipes: the orphan would hold them open, and execa would wait for them.
  const running = execa('node', [parent], { reject: false, stdio: 'ignore' });

  let pid = 0;
  for (let i = 0; i < 200 && pid === 0; i++) {
    pid = Number(await readFile(pidFile, 'utf8').catch(() => '0'));
    await sleep(25);
  }
  assert.ok(pid > 0, 'the child started');
  t.after(() => {
    if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  });
  running.kill('SIGKILL');
  await running;
  let alive = true;
  for (let i = 0; i < 200 && alive; i++) {
    alive = isRunning(pid);
    await sleep(25);
  }
  assert.equal(alive, false, 'the child went with its parent');
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
