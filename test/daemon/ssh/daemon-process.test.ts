// `mypaas server daemon` as a process: its host key persists, SIGTERM lets a running deploy finish
// while refusing new ones, and after kill -9 the next start recovers and cleans up.
import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { connect as connectTcp } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'node:test';
import { execa, type ResultPromise } from 'execa';
import ssh2 from 'ssh2';
import { decodeEvent } from '../../../src/core/protocol.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { getService } from '../../../src/daemon/state/services.js';
import { addKey } from '../../../src/daemon/state/keys.js';
import { parsePublicKey } from '../../../src/core/ssh-keys.js';
import { deployFixture, type DeployFixture } from '../deploy/fixture.js';
import { tarOf, execOverSsh2, makeKey, type ExecResult } from './daemon-fixture.js';

const bin = fileURLToPath(new URL('../../../../bin/mypaas.js', import.meta.url));

interface Child {
  process: ResultPromise<{ reject: false; all: true }>;
  port: number;
  output: () => string;
}

/** Starts `mypaas server daemon` on a free port and waits until it listens. */
async function startChild(f: DeployFixture): Promise<Child> {
  const child = execa('node', [bin, 'server', 'daemon', '--listen', '127.0.0.1:0'], {
    env: { MYPAAS_HOME: f.home, HOME: f.userHome, NO_COLOR: '1' },
    reject: false,
    all: true,
  });
  let output = '';
  child.all.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
    if (match) return { process: child, port: Number(match[1]), output: () => output };
    if (Date.now() > deadline || child.exitCode !== null) assert.fail(`no daemon: ${output}`);
    await sleep(50);
  }
}

/** The host key the daemon on `port` presents. */
function hostKeyOf(port: number, privateKey: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let seen = '';
    client.on('ready', () => {
      client.end();
      resolve(seen);
    });
    client.on('error', reject);
    client.connect({
      host: '127.0.0.1',
      port,
      username: 'deploy',
      privateKey,
      hostVerifier: (key: Buffer) => {
        seen = key.toString('base64');
        return true;
      },
    });
  });
}

async function adminKey(f: DeployFixture): Promise<Buffer> {
  const key = await makeKey(f.userHome, 'alice');
  addKey(f.engine.db, {
    name: 'alice',
    key: parsePublicKey(await readFile(key.publicFile, 'utf8')),
    role: 'admin',
    services: [],
  });
  return readFile(key.privateFile);
}

function codeOf(run: ExecResult): string {
  const last = decodeEvent(run.stdout.trim().split('\n').at(-1) ?? '');
  return last?.type === 'result' ? (last.ok ? 'ok' : last.error.code) : `none (exit ${run.code})`;
}

test('the host key is made once, kept 0600 and presented again after a restart', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const key = await adminKey(f);
  const first = await startChild(f);
  t.after(() => first.process.kill('SIGKILL'));
  const before = await hostKeyOf(first.port, key);
  const file = join(f.home, 'ssh_host_ed25519_key');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  first.process.kill('SIGTERM');
  assert.equal((await first.process).exitCode, 0, first.output());
  assert.match(first.output(), /SIGTERM: stopping/);

  const second = await startChild(f);
  t.after(() => second.process.kill('SIGKILL'));
  assert.equal(await hostKeyOf(second.port, key), before);
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  second.process.kill('SIGTERM');
  assert.equal((await second.process).exitCode, 0);
});

test('SIGTERM lets the running deploy finish and refuses a new one; the next start serves it', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const key = await adminKey(f);
  const service = f.service('term');
  const child = await startChild(f);
  t.after(() => child.process.kill('SIGKILL'));
  let out = '';
  const app = await tarOf(await f.app(service, { bootSeconds: 3 }));
  const running = execOverSsh2(child.port, key, 'push --events=json', app, (text) => (out = text));
  while (!/"building /.test(out)) await sleep(50);

  child.process.kill('SIGTERM');
  while (!/stopping/.test(child.output())) await sleep(50);
  const refused = await execOverSsh2(child.port, key, 'push --events=json', app);
  assert.equal(codeOf(refused), 'DAEMON_SHUTTING_DOWN');
  assert.equal(refused.code, 1);
  assert.equal(
    codeOf(await execOverSsh2(child.port, key, 'status --events=json')),
    'ok',
    'reading still works',
  );

  const finished = await running;
  assert.equal(codeOf(finished), 'ok', finished.stdout);
  assert.equal(finished.code, 0);
  assert.equal((await child.process).exitCode, 0, child.output());
  assert.equal(getService(f.engine.db, service, 'production')?.liveDeploymentId, 1);

  const again = await startChild(f);
  t.after(() => again.process.kill('SIGKILL'));
  const status = await execOverSsh2(again.port, key, `status ${service}`);
  assert.match(
    status.stdout,
    new RegExp(`^${service}\\s+production\\s+running\\s+\\S+\\s+#1\\s+1/1 running`, 'm'),
  );
  again.process.kill('SIGTERM');
  await again.process;
});

test('after kill -9 mid-deploy the next start recovers the deployment and removes the work dir', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const key = await adminKey(f);
  const service = f.service('nine');
  const child = await startChild(f);
  t.after(() => child.process.kill('SIGKILL'));
  let out = '';
  const app = await tarOf(await f.app(service, { bootSeconds: 30 }));
  const running = execOverSsh2(child.port, key, 'push --events=json', app, (text) => (out = text));
  while (!/waiting for 1 container/.test(out)) await sleep(50);
  child.process.kill('SIGKILL');
  await child.process;
  await running;

  const again = await startChild(f);
  t.after(() => again.process.kill('SIGKILL'));
  assert.match(again.output(), /deployment #1 of \S+ was interrupted during/);
  assert.deepEqual(
    listDeployments(f.engine.db, service).map((d) => d.status),
    ['interrupted'],
  );
  const fresh = await execOverSsh2(
    again.port,
    key,
    'push --events=json',
    await tarOf(await f.app(service)),
  );
  assert.equal(codeOf(fresh), 'ok', fresh.stdout);
  again.process.kill('SIGTERM');
  assert.equal((await again.process).exitCode, 0);
  assert.deepEqual(await readdir(join(f.home, 'work')), []);
});

test('SIGTERM stops a daemon with log followers attached, and closes their streams', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const key = await adminKey(f);
  const service = f.service('followed');
  const child = await startChild(f);
  t.after(() => child.process.kill('SIGKILL'));
  const app = await tarOf(await f.app(service, { chatty: true }));
  assert.equal(codeOf(await execOverSsh2(child.port, key, 'push --events=json', app)), 'ok');

  // One follower stays attached; another's connection is cut without a goodbye.
  const followers = [0, 1].map(() => {
    let out = '';
    const sock = connectTcp({ host: '127.0.0.1', port: child.port }).on('error', () => {});
    const client = new ssh2.Client().on('error', () => {});
    const ended = new Promise<void>((resolve) => {
      client.on('ready', () =>
        client.exec(`logs ${service} -f`, (err, channel) => {
          if (err) return resolve();
          channel.on('data', (chunk: Buffer) => (out += chunk.toString()));
          channel.on('close', () => resolve());
        }),
      );
      client.on('close', () => resolve());
    });
    client.connect({ sock, username: 'deploy', privateKey: key });
    return { sock, ended, lines: () => out };
  });
  for (const follower of followers) {
    while (!/tick \d+/.test(follower.lines())) await sleep(50);
  }
  followers[1]?.sock.destroy();

  child.process.kill('SIGTERM');
  const exited = await Promise.race([child.process, sleep(60_000).then(() => null)]);
  assert.ok(exited !== null, `the daemon did not stop: ${child.output()}`);
  assert.equal(exited.exitCode, 0, child.output());
  assert.match(child.output(), /stopped$/m);
  await followers[0]?.ended; // the attached follower was let go, not left hanging
});
