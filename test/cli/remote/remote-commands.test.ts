// status, deployments, logs, rollback, redeploy, env, stop, start, rm as real processes against the
// stand-in ssh2 daemon (the daemon's own end-to-end tests cover the real server): the exec strings
// they send, and how results, errors and streamed lines come out.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import type { LiveResult } from '../../../src/core/results.js';
import { remoteFixture, succeed } from './remote-fixture.js';
import type { ExecCall } from './ssh-test-server.js';

const STATUS = [
  {
    service: 'hello',
    env: 'production',
    state: 'running',
    deployment: 12,
    release: '20261122-011616-a3f9',
    liveSince: Date.UTC(2026, 10, 22, 1, 16, 20),
    urls: ['https://hello.example.com'],
    containers: [{ name: 'hello-12-1', state: 'running', ip: '172.18.0.5', health: null }],
  },
];

test('each command sends its words, quoted for the daemon, ending in --events=json', async (t) => {
  const f = await remoteFixture(t, (call) => succeed(call, null));
  const cases: [string[], string][] = [
    [['status', 'S'], 'status --events=json'],
    [['status', 'S', 'web', '--json'], 'status web --json --events=json'],
    [['status', 'S', '--env', 'staging'], 'status --env staging --events=json'],
    [['audit', 'S'], 'audit --events=json'],
    [['audit', 'S', '--limit', '5', '--json'], 'audit --limit 5 --json --events=json'],
    [
      ['deployments', 'S', 'web', '--limit', '5'],
      'deployments web --env production --limit 5 --events=json',
    ],
    [
      ['logs', 'S', 'web', '-f', '-n', '100'],
      'logs web --env production --follow --tail 100 --events=json',
    ],
    [
      ['logs', 'S', 'web', '--deployment', '12'],
      'logs web --env production --deployment 12 --events=json',
    ],
    [['rollback', 'S', 'web'], 'rollback web --env production --events=json'],
    [
      ['rollback', 'S', 'web', '20261122-011616-a3f9', '--json'],
      'rollback web 20261122-011616-a3f9 --env production --json --events=json',
    ],
    [['redeploy', 'S', 'web', '--env', 'staging'], 'redeploy web --env staging --events=json'],
    [
      ['env', 'S', 'web', 'set', 'A=1', "MSG=it's a b", 'EMPTY='],
      `env web set A=1 'MSG=it'\\''s a b' EMPTY= --env production --events=json`,
    ],
    [['env', 'S', 'web', 'unset', 'A'], 'env web unset A --env production --events=json'],
    [
      ['env', 'S', 'web', 'list', '--reveal', '--json'],
      'env web list --env production --reveal --json --events=json',
    ],
    [['stop', 'S', 'web'], 'stop web --env production --events=json'],
    [['start', 'S', 'web', '--env', 'pr-7'], 'start web --env pr-7 --events=json'],
    [['rm', 'S', 'web', '-y'], 'rm web --env production --yes --events=json'],
    [['rm', 'S', 'web', '--purge', '--yes'], 'rm web --env production --purge --yes --events=json'],
  ];
  for (const [args, expected] of cases) {
    const result = await f.run(args.map((a) => (a === 'S' ? f.address : a)));
    assert.equal(result.exitCode, 0, `${args.join(' ')}: ${String(result.stderr)}`);
    assert.equal(f.server.commands.at(-1), expected);
  }
  assert.equal(f.server.commands.length, cases.length);
});

test('mistakes the CLI can see are refused before connecting', async (t) => {
  const f = await remoteFixture(t, (call) => succeed(call, null));
  const cases: [string[], RegExp][] = [
    [
      ['rm', f.address, 'web'],
      /error: rm removes web \(production\).*\nhint: run again with --yes/,
    ],
    [['env', f.address, 'web', 'sett', 'A=1'], /unknown env action "sett"/],
    [['env', f.address, 'web', 'set', 'A'], /"A" is not a KEY=VALUE pair/],
    [['logs', f.address, 'web', '--tail', 'x'], /"x" is not a whole number >= 0/],
    [['status', 'bad host name'], /server "bad host name" is not \[user@\]host\[:port\]/],
  ];
  for (const [args, message] of cases) {
    const result = await f.run(args);
    assert.notEqual(result.exitCode, 0, args.join(' '));
    assert.match(String(result.stderr), message);
  }
  assert.deepEqual(f.server.commands, []);
});

test('results print as text worded by the CLI, or as JSON with --json', async (t) => {
  const deployments = [
    {
      id: 12,
      releaseId: 'r2',
      trigger: 'push',
      actor: 'ann',
      status: 'live',
      startedAt: 0,
      finishedAt: 12_300,
      error: null,
    },
  ];
  const staging = { ...STATUS[0], env: 'staging', containers: [] };
  const f = await remoteFixture(t, (call: ExecCall) => {
    const [command, , action] = call.command.split(' ');
    if (command === 'status')
      return succeed(
        call,
        call.command.includes('--env staging')
          ? [staging]
          : call.command.includes('hello')
            ? STATUS
            : [...STATUS, staging],
      );
    if (command === 'deployments') return succeed(call, deployments);
    if (command === 'env' && action === 'list') return succeed(call, { A: '1', B: '********' });
    if (command === 'env')
      return succeed(call, { service: 'hello', env: 'production', set: ['A', 'B'] });
    if (command === 'rollback')
      return succeed(call, {
        service: 'hello',
        env: 'production',
        deployment: 13,
        release: 'r1',
        urls: [],
        containers: [],
      } satisfies LiveResult);
    if (command === 'logs') {
      call.send({ type: 'line', text: 'GET / 200' });
      return succeed(call, { lines: 1 });
    }
    succeed(call, { service: 'hello', env: 'production' });
  });
  const run = async (...args: string[]) =>
    String((await f.run(args.map((a) => (a === 'S' ? f.address : a)))).stdout);
  assert.equal(
    await run('status', 'S', 'hello'),
    'SERVICE  ENV         STATE    RELEASE               DEPLOYMENT  CONTAINERS   LIVE SINCE           URLS\n' +
      'hello    production  running  20261122-011616-a3f9  #12         1/1 running  2026-11-22 01:16:20  https://hello.example.com\n' +
      '  hello-12-1  running  172.18.0.5',
  );
  assert.deepEqual(JSON.parse(await run('status', 'S', '--json')), [...STATUS, staging]);
  assert.deepEqual(JSON.parse(await run('status', 'S', '--env', 'staging', '--json')), [staging]);
  assert.match(
    await run('deployments', 'S', 'hello'),
    /^ID +RELEASE +TRIGGER.*\n#12 +r2 +push +ann +live +1970-01-01 00:00:00 +12\.3s$/,
  );
  assert.equal(await run('env', 'S', 'hello', 'list'), 'A=1\nB=********');
  assert.equal(
    await run('env', 'S', 'hello', 'set', 'A=1', 'B=2'),
    `set A, B for hello (production); apply with: mypaas redeploy ${f.address} hello`,
  );
  assert.equal(
    await run('rollback', 'S', 'hello'),
    '✓ hello is live: release r1 (deployment #13), 0 containers',
  );
  assert.equal(
    await run('stop', 'S', 'hello'),
    `stopped hello (production); start it again with: mypaas start ${f.address} hello`,
  );
  assert.equal(await run('start', 'S', 'hello'), 'started hello (production)');
  assert.equal(await run('rm', 'S', 'hello', '-y'), 'removed hello (production)');
  assert.equal(await run('logs', 'S', 'hello', '--tail', '1'), 'GET / 200');
});

test('an error result exits 1 with error, details and hint; with --json it is JSON on stdout too', async (t) => {
  const f = await remoteFixture(t, (call) => {
    const error = {
      code: 'SERVICE_NOT_FOUND' as const,
      message: 'no service named nope',
      hint: 'see mypaas status',
      details: ['known: hello'],
    };
    call.send({ type: 'result', ok: false, error });
    call.exit(1);
  });
  const text = await f.run(['redeploy', f.address, 'nope']);
  assert.equal(text.exitCode, 1);
  assert.match(
    String(text.stderr),
    /error: no service named nope\n {2}known: hello\nhint: see mypaas status$/,
  );
  const json = await f.run(['redeploy', f.address, 'nope', '--json']);
  assert.equal(json.exitCode, 1);
  assert.deepEqual(JSON.parse(String(json.stdout)), {
    error: {
      code: 'SERVICE_NOT_FOUND',
      message: 'no service named nope',
      hint: 'see mypaas status',
      details: ['known: hello'],
    },
  });
});

test('logs -f prints lines as they come and ends quietly on Ctrl-C', async (t) => {
  let closed = false;
  const f = await remoteFixture(t, async (call) => {
    call.stdin.resume();
    call.stdin.on('close', () => {
      closed = true;
    });
    for (let i = 1; !closed && i < 500; i++) {
      call.send({ type: 'line', text: `hello-12-1 | request ${i}` });
      await sleep(20);
    }
  });
  const child = f.run(['logs', f.address, 'hello', '-f']);
  let seen = '';
  const onData = (chunk: Buffer) => {
    seen += chunk.toString();
    if (!seen.includes('request 3\n')) return;
    child.stdout?.off('data', onData);
    child.kill('SIGINT');
  };
  child.stdout?.on('data', onData);
  const result = await child;
  assert.equal(result.exitCode, 0, String(result.stderr));
  assert.match(
    String(result.stdout),
    /^hello-12-1 \| request 1\nhello-12-1 \| request 2\nhello-12-1 \| request 3/,
  );
  for (let i = 0; i < 50 && !closed; i++) await sleep(20);
  assert.ok(closed, 'the channel was closed on the server side');
});

test('connection problems are SSH_FAILED or AUTH_FAILED with a hint', async (t) => {
  const f = await remoteFixture(t, (call) => succeed(call, null));
  const refused = await f.run(['status', '127.0.0.1:1']);
  assert.equal(refused.exitCode, 1);
  assert.match(
    String(refused.stderr),
    /^error: nothing accepts connections on 127\.0\.0\.1:1\nhint: is the mypaas daemon running there\?/,
  );
  const { makeClientKey } = await import('./ssh-test-server.js');
  const stranger = await makeClientKey(t);
  const denied = await f.run(['status', f.address, '-i', stranger.path]);
  assert.equal(denied.exitCode, 1);
  assert.match(
    String(denied.stderr),
    new RegExp(
      `error: mypaas@127\\.0\\.0\\.1:\\d+ did not accept any key mypaas offered\\n  offered: ${stranger.path}\\nhint: print the key mypaas uses with: mypaas key`,
    ),
  );
});
