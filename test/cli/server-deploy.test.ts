// `mypaas server deploy` as a process: exit codes, output, and what the user reads on failure.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deployFixture } from '../daemon/deploy/fixture.js';
import { mypaas } from './server-cli.js';

test('server deploy exits 0 only when live, and 1 with the reason and log lines when not', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('cli');
  const ok = await mypaas(f, 'server', 'deploy', await f.app(service, { scale: 1 }));
  assert.equal(ok.exitCode, 0, ok.all);
  assert.match(
    ok.stdout,
    new RegExp(`✓ ${service} is live: release \\S+ \\(deployment #1\\), 1 container`),
  );
  assert.match(ok.stdout, /Step 1\/\d+ : FROM/, 'build output is streamed');

  const bad = await mypaas(
    f,
    'server',
    'deploy',
    await f.app(service, { scale: 1, kind: 'crash' }),
  );
  assert.equal(bad.exitCode, 1);
  assert.match(bad.stderr, /^error: \S+-d2-1 did not become healthy: .*exited with code 3/m);
  assert.match(bad.stderr, /fatal: DATABASE_URL is not set/);
  assert.match(bad.stderr, /^hint: the app must listen on 0\.0\.0\.0:\$PORT/m);

  const json = await mypaas(
    f,
    'server',
    'deploy',
    await f.app(service, { scale: 1, version: 'v3' }),
    '--json',
  );
  assert.equal(json.exitCode, 0, json.all);
  const summary = JSON.parse(json.stdout) as {
    service: string;
    deployment: number;
    containers: unknown[];
  };
  assert.equal(summary.service, service);
  assert.equal(summary.deployment, 3);
  assert.equal(summary.containers.length, 1);

  const status = await mypaas(f, 'server', 'status', service, '--json');
  const [row] = JSON.parse(status.stdout) as { deployment: number; state: string }[];
  assert.equal(row?.deployment, 3);
  const history = await mypaas(f, 'server', 'deployments', service);
  assert.match(history.stdout, /#3 .* live/);
  assert.match(history.stdout, /#2 .* failed .*did not become healthy/);
  assert.match(history.stdout, /#1 .* superseded/);
});

test('a bad Dockerfile or a missing directory fails before anything is built', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const missing = await mypaas(f, 'server', 'deploy', '/nonexistent/app');
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stderr, /^error: \/nonexistent\/app does not exist/m);
  const dir = await f.app(f.service('bad'), { directives: ['ulr=https://x.example.com'] });
  const invalid = await mypaas(f, 'server', 'deploy', dir);
  assert.equal(invalid.exitCode, 1);
  assert.match(
    invalid.stderr,
    /line \d+: mypaas\.ulr is not a mypaas key\. Did you mean mypaas\.url\?/,
  );
  // Nothing was deployed, so the host does not know the service at all.
  const history = await mypaas(f, 'server', 'deployments', f.service('bad'));
  assert.equal(history.exitCode, 1);
  assert.match(
    history.stderr,
    new RegExp(`^error: no service ${f.service('bad')} in environment production$`, 'm'),
  );
});
