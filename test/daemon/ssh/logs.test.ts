// `logs` over SSH: the stored build log, the containers' output, and -f until the client leaves.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'node:test';
import { execa } from 'execa';
import { decodeEvent } from '../../../src/core/protocol.js';
import { connect, daemonFixture } from './daemon-fixture.js';

test('logs shows the build log and container output; -f streams until the client goes away', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const service = f.service('logs');
  const dir = await f.app(service);
  const tar = (await execa('tar', ['-cz', '-C', dir, '.'], { encoding: 'buffer' })).stdout;
  assert.equal((await f.ssh(alice, ['push'], Buffer.from(tar))).code, 0);

  const build = await f.ssh(alice, ['logs', service, '--deployment', '1']);
  assert.equal(build.code, 0, build.stderr);
  assert.match(build.stdout, /^Step 1\/\d+ : FROM /m);
  const output = await f.ssh(alice, ['logs', service, '-n', '5']);
  assert.match(output.stdout, /^started \S+ release \S+$/m);
  const missing = await f.ssh(alice, ['logs', service, '--deployment', '9']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /has no deployment #9/);

  const client = await connect(f.port, await readFile(alice.privateFile));
  const lines: string[] = [];
  const closed = new Promise<void>((resolve, reject) =>
    client.exec(`logs ${service} -f --events=json`, (err, channel) => {
      if (err) return reject(err);
      channel.on('data', (chunk: Buffer) => lines.push(...chunk.toString().trim().split('\n')));
      channel.on('close', () => resolve());
    }),
  );
  while (!lines.some((l) => decodeEvent(l)?.type === 'line')) await sleep(50);
  assert.ok(!lines.some((l) => decodeEvent(l)?.type === 'result'), 'still following');
  client.end();
  await closed;
  // The daemon stops following too: the command ends and is logged.
  while (!f.log.some((line) => /^alice: logs \S+ … → exit/.test(line))) await sleep(50);
  const status = await f.ssh(alice, ['status', service]);
  assert.equal(status.code, 0, 'the daemon serves on after a follower left');
});
