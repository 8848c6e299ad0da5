// Connections that never log in cost the daemon little: each is destroyed when login_timeout is
// up, and past max_unauthenticated_per_address (from one address) or max_unauthenticated (in all)
// new ones are closed at once, while logged-in clients and other addresses are served as before.
import assert from 'node:assert/strict';
import { connect as tcpConnect, type Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import test, { type TestContext } from 'node:test';
import { execa } from 'execa';
import { connect, daemonFixture, execOverSsh2 } from './daemon-fixture.js';

async function until(what: string, check: () => boolean, ms = 30_000) {
  const deadline = Date.now() + ms; // a bound for a daemon that never acts, not a speed check
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A TCP client that never sends a byte and never closes its side by itself. */
function silent(port: number, localAddress = '127.0.0.1') {
  const sock: Socket = tcpConnect({ host: '127.0.0.1', port, localAddress, allowHalfOpen: true });
  const state = { banner: '', ended: false }; // ended: the daemon closed its side
  sock.on('data', (chunk: Buffer) => (state.banner += chunk.toString('latin1')));
  sock.on('end', () => (state.ended = true));
  sock.on('error', () => {});
  return { sock, state };
}

/** Silent sockets of one test, destroyed before the daemon's stop (which would wait on them). */
function silentSockets(t: TestContext) {
  const opened: Socket[] = [];
  t.after(() => opened.forEach((sock) => sock.destroy())); // call before daemonFixture: runs first
  return {
    opened,
    open: async (port: number, from = '127.0.0.1') => {
      const conn = silent(port, from);
      opened.push(conn.sock);
      await until(
        `a banner or a close for ${from}`,
        () => conn.state.banner !== '' || conn.state.ended,
      );
      return conn;
    },
  };
}

test('a connection that stays silent is destroyed when login_timeout is up', async (t) => {
  const sockets = silentSockets(t);
  const f = await daemonFixture(t, '[daemon]\nlogin_timeout = "500ms"\n');
  if (!f) return;
  const quiet = await sockets.open(f.port);
  assert.match(quiet.state.banner, /^SSH-2\.0-/);
  // The client never closes its side: only a destroy on the daemon's side frees the descriptor.
  await until('the daemon to drop the silent connection', () => quiet.state.ended);
  await until('the daemon to let go of its socket', () => f.daemon.connections.open === 0);
  assert.equal(f.daemon.connections.unauthenticated, 0);
});

test('past the per-address and total limits new connections are closed at once; logins still work', async (t) => {
  const sockets = silentSockets(t);
  const toml =
    '[daemon]\nlogin_timeout = "10m"\nmax_unauthenticated_per_address = 3\nmax_unauthenticated = 5\n';
  const f = await daemonFixture(t, toml);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const key = await readFile(alice.privateFile);

  // Logged-in clients do not count against the limit.
  const loggedIn = await Promise.all([connect(f.port, key), connect(f.port, key)]);
  t.after(() => loggedIn.forEach((client) => client.end()));
  for (let i = 0; i < 3; i += 1) assert.equal((await sockets.open(f.port)).state.ended, false);
  const extra = await sockets.open(f.port);
  await until('the extra connection to close', () => extra.state.ended);
  assert.equal(extra.state.banner, '', 'closed before the daemon said anything');
  assert.equal(f.daemon.connections.unauthenticated, 3);

  // Another address is still let in, and a real key logs in from it.
  const status = await execa('ssh', ['-b', '127.0.0.2', ...f.sshArgs(alice), 'status'], {
    reject: false,
    timeout: 120_000,
  });
  assert.equal(status.exitCode, 0, status.stderr);
  assert.match(status.stdout, /no services yet/);

  // The total: 3 + 2 fill it, so a third address is turned away too.
  for (let i = 0; i < 2; i += 1) {
    assert.equal((await sockets.open(f.port, '127.0.0.2')).state.ended, false);
  }
  const beyond = await sockets.open(f.port, '127.0.0.3');
  await until('the connection beyond the total to close', () => beyond.state.ended);
  assert.equal(beyond.state.banner, '');

  // The logged-in clients are served as before; once the silent ones go, new logins work again.
  const own = await new Promise<number | null>((resolve, reject) =>
    loggedIn[0]?.exec('status', (err, channel) => {
      if (err) return reject(err);
      channel.on('exit', (code: number | null) => resolve(code)).resume();
    }),
  );
  assert.equal(own, 0);
  sockets.opened.forEach((sock) => sock.destroy());
  await until('the silent ones to be forgotten', () => f.daemon.connections.unauthenticated === 0);
  assert.equal((await execOverSsh2(f.port, key, 'status')).code, 0);
});
