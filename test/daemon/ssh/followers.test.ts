// `logs -f` ends when its client goes, however it goes: the channel closed with the connection
// kept, the connection cut without a goodbye, the OpenSSH client killed, or a client that keeps
// sending on stdin. Each time the daemon's command ends, and with it the Docker log stream.
import assert from 'node:assert/strict';
import { connect as tcpConnect } from 'node:net';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'node:test';
import { execa } from 'execa';
import ssh2, { type ClientChannel } from 'ssh2';
import { decodeEvent } from '../../../src/core/protocol.js';
import { daemonFixture, type DaemonFixture } from './daemon-fixture.js';

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms; // a bound for a daemon that never notices, not a speed check
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A logged-in ssh2 client over a socket the test holds, so it can cut it without a goodbye. */
async function clientOver(port: number, privateKey: Buffer) {
  const sock = tcpConnect({ host: '127.0.0.1', port });
  sock.on('error', () => {});
  const client = new ssh2.Client();
  client.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve()).once('error', reject);
    client.connect({ sock, username: 'deploy', privateKey, readyTimeout: 20_000 });
  });
  return { client, sock };
}

/** Starts `logs SERVICE -f` and resolves once a container line has arrived. */
async function follow(client: ssh2.Client, service: string): Promise<ClientChannel> {
  const channel = await new Promise<ClientChannel>((resolve, reject) =>
    client.exec(`logs ${service} -f --events=json`, (err, ch) => (err ? reject(err) : resolve(ch))),
  );
  let out = '';
  channel.on('data', (chunk: Buffer) => (out += chunk.toString()));
  channel.on('error', () => {});
  await until('a log line', () => out.split('\n').some((l) => decodeEvent(l)?.type === 'line'));
  return channel;
}

function followsEnded(f: DaemonFixture): number {
  return f.log.filter((line) => /^alice: logs \S+ … → exit/.test(line)).length;
}

test('a follower whose client goes away, however it goes, stops following', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const key = await readFile(alice.privateFile);
  const service = f.service('chatty');
  const dir = await f.app(service, { chatty: true });
  const tar = (await execa('tar', ['-cz', '-C', dir, '.'], { encoding: 'buffer' })).stdout;
  assert.equal((await f.ssh(alice, ['push'], Buffer.from(tar))).code, 0);

  const ways: [string, () => Promise<void>][] = [
    [
      'the channel is closed, the connection kept',
      async () => {
        const { client } = await clientOver(f.port, key);
        t.after(() => client.end());
        (await follow(client, service)).close();
      },
    ],
    [
      'the connection is cut without a goodbye',
      async () => {
        const { client, sock } = await clientOver(f.port, key);
        await follow(client, service);
        sock.destroy();
      },
    ],
    [
      'the client sends on stdin all along, then closes the channel',
      async () => {
        const { client } = await clientOver(f.port, key);
        t.after(() => client.end());
        const channel = await follow(client, service);
        channel.write(Buffer.alloc(4 << 20, 0x78)); // more than the channel's window
        channel.close();
      },
    ],
    [
      'the OpenSSH client is killed',
      async () => {
        const ssh = execa('ssh', [...f.sshArgs(alice), 'logs', service, '-f'], {
          reject: false,
          stdin: 'pipe',
        });
        let out = '';
        ssh.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
        await until('a log line over OpenSSH', () => /tick \d+/.test(out));
        ssh.kill('SIGKILL');
        await ssh;
      },
    ],
  ];
  for (const [what, leave] of ways) {
    const ended = followsEnded(f);
    await leave();
    await until(`the follower to stop when ${what}`, () => followsEnded(f) === ended + 1);
    await until(`no command left running when ${what}`, () => f.daemon.running === 0);
  }
  const status = await f.ssh(alice, ['status', service]);
  assert.equal(status.code, 0, 'the daemon serves on after its followers left');
});
