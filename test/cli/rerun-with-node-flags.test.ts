// `mypaas push` runs in a node that has NODE_FLAGS: started without them, the command runs again
// in a child that has them, whose exit status (or signal) becomes this one's.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
