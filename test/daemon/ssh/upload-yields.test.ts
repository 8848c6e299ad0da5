// A big upload is worked through in slices: while the daemon checks thousands of long dangling
// symlinks, another command's `status` is answered, not made to wait for the whole check.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'node:test';
import type { ClientChannel } from 'ssh2';
import tar from 'tar-stream';
import { decodeEvent } from '../../../src/core/protocol.js';
import { connect, daemonFixture } from './daemon-fixture.js';

const LINKS = 30_000;

test('other commands are served while the links of a big upload are checked', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const pack = tar.pack();
  // Short enough for plain ustar headers (no pax), deep enough to cost something each.
  const dir = `links/${'d/'.repeat(60)}`;
  const target = `${'../'.repeat(20)}${'nowhere/'.repeat(9)}x`;
  for (let i = 0; i < LINKS; i += 1) {
    pack.entry({ name: `${dir}l${i}`, type: 'symlink', linkname: target });
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  const archive = Buffer.concat(chunks);

  // One connection for both: the status request travels behind the push's last bytes and EOF,
  // so it reaches the daemon only once the link check can start, never before.
  const client = await connect(f.port, await readFile(alice.privateFile));
  t.after(() => client.end());
  const order: string[] = [];
  const push = await open(client, 'push --events=json');
  const pushed = collect(push, (out) => {
    const received = out.split('\n').some((line) => {
      const event = decodeEvent(line);
      return event?.type === 'step' && event.text.startsWith('received ');
    });
    if (received && !order.includes('upload checked')) order.push('upload checked');
  });
  push.write(archive.subarray(0, archive.length - 1024)); // all but the end-of-archive blocks
  await until(async () => (await linksOnDisk(f.home, dir)) === LINKS);

  const status = new Promise<string>((resolve, reject) =>
    push.end(archive.subarray(archive.length - 1024), () => {
      open(client, 'status --events=json').then((channel) => {
        channel.end();
        void collect(channel).then(resolve);
      }, reject);
    }),
  );
  const answer = await status;
  order.push('status answered');
  const last = decodeEvent(answer.trim().split('\n').at(-1) ?? '');
  assert.ok(last?.type === 'result' && last.ok, answer);
  const out = await pushed;
  assert.deepEqual(order, ['status answered', 'upload checked'], out.slice(-500));
});

function open(client: Awaited<ReturnType<typeof connect>>, command: string) {
  return new Promise<ClientChannel>((resolve, reject) =>
    client.exec(command, (err, channel) => (err ? reject(err) : resolve(channel))),
  );
}

function collect(channel: ClientChannel, onOut?: (out: string) => void): Promise<string> {
  let out = '';
  channel.stderr.resume();
  channel.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    onOut?.(out);
  });
  return new Promise((resolve) => channel.on('close', () => resolve(out)));
}

async function linksOnDisk(home: string, dir: string): Promise<number> {
  const [work] = await readdir(join(home, 'work'));
  if (work === undefined) return 0;
  return (await readdir(join(home, 'work', work, dir)).catch(() => [])).length;
}

async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120_000; // a bound for a broken daemon, not a speed check
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('the upload was never extracted');
    await sleep(100);
  }
}
