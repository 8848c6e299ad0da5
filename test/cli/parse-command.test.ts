// `mypaas parse` run as a real process, the way users and CI pipelines run it.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/mypaas.js');
const run = (...args: string[]) =>
  execa('node', [bin, ...args], { reject: false, env: { NO_COLOR: '1' } });

test('parse --json prints exactly the documented shape for the bundled example', async () => {
  const result = await run('parse', join(root, 'examples/hello'), '--json');
  assert.equal(result.exitCode, 0, result.stderr);
  const spec = JSON.parse(result.stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(spec), [
    'service',
    'urls',
    'port',
    'scale',
    'volumes',
    'env',
    'publish',
    'maxcpu',
    'maxmem',
    'healthcheck',
    'warnings',
  ]);
  assert.equal(spec['service'], 'hello');
  assert.equal(spec['port'], 8080);
  assert.deepEqual(spec['healthcheck'], { path: '/', intervalMs: 250, timeoutMs: 30000 });
});

test('parse prints a readable summary by default', async () => {
  const result = await run('parse', join(root, 'examples/hello/Dockerfile'));
  assert.equal(result.exitCode, 0, result.stderr);
  assert.match(result.stdout, /^service\s+hello$/m);
  assert.match(result.stdout, /^deploys\s+2 containers, zero-downtime swap$/m);
});

test('a broken Dockerfile gets every problem with its line on stderr and exit 1', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-parse-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(
    join(dir, 'Dockerfile'),
    '# mypaas.ulr=x\n# mypaas.port=abc\n# mypaas.scale=-1\n',
  );
  const result = await run('parse', dir);
  assert.equal(result.exitCode, 1);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /has 4 problems/);
  for (const line of [
    'Dockerfile: mypaas.service',
    'line 1: mypaas.ulr',
    'line 2: mypaas.port',
    'line 3: mypaas.scale',
  ]) {
    assert.ok(result.stderr.includes(line), `${line} missing from:\n${result.stderr}`);
  }
  const json = await run('parse', dir, '--json');
  assert.equal(json.exitCode, 1);
  const parsed = JSON.parse(json.stdout) as { errors: { line: number | null; key: string }[] };
  assert.deepEqual(
    parsed.errors.map((e) => e.key),
    ['service', 'ulr', 'port', 'scale'],
  );
});

test('a missing path is a clear error, not a stack trace', async () => {
  const result = await run('parse', '/nonexistent/app');
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /^error: \/nonexistent\/app does not exist\nhint: /);
});

test('every command has --help with examples; unknown commands exit 1 with a pointer to help', async () => {
  for (const args of [['--help'], ['parse', '--help']]) {
    const result = await run(...args);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /Examples:\n\s+\$ mypaas /);
  }
  const unknown = await run('frobnicate');
  assert.equal(unknown.exitCode, 1);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
});
