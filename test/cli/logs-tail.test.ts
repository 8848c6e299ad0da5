// --tail N on every way to read logs: 0 prints nothing, N the last N, anything else is refused.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { daemonFixture } from '../daemon/ssh/daemon-fixture.js';
import { storedDeployment } from '../helpers/stored-deployment.js';
import { mypaas } from './server-cli.js';

const bin = join(fileURLToPath(new URL('../../../', import.meta.url)), 'bin/mypaas.js');

test('logs --deployment N --tail 0 prints no line, on the host, over SSH and through the CLI', async (t) => {
  const f = await daemonFixture(t);
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const service = f.service('tail');
  const id = storedDeployment(
    f.engine.db,
    service,
    [1, 2, 3, 4, 5].map((i) => `line ${i}`),
  );
  const remote = (...args: string[]) =>
    execa('node', [bin, ...args, '--identity', alice.privateFile], {
      reject: false,
      env: { HOME: f.userHome, XDG_CONFIG_HOME: join(f.userHome, '.config'), NO_COLOR: '1' },
    });
  const server = `mypaas@127.0.0.1:${f.port}`;
  const ways: [string, (...args: string[]) => Promise<{ exitCode?: number; stdout: string }>][] = [
    ['server logs', (...args) => mypaas(f, 'server', 'logs', service, ...args)],
    [
      'ssh logs',
      async (...args) => {
        const r = await f.ssh(alice, ['logs', service, ...args]);
        return { exitCode: r.code ?? -1, stdout: r.stdout };
      },
    ],
    ['mypaas logs', (...args) => remote('logs', server, service, ...args)],
  ];
  for (const [way, run] of ways) {
    const none = await run('--deployment', String(id), '--tail', '0');
    assert.equal(none.exitCode, 0, way);
    assert.equal(none.stdout, '', `${way} --tail 0 prints no line`);
    const followed = await run('--deployment', String(id), '--tail', '0', '--follow');
    assert.equal(followed.stdout, '', `${way} --tail 0 -f on a finished deployment`);
    const two = await run('--deployment', String(id), '--tail', '2');
    assert.equal(two.stdout.trimEnd(), 'line 4\nline 5', way);
    for (const bad of ['-1', 'x', '1.5', '']) {
      const refused = await run('--deployment', String(id), '--tail', bad);
      assert.notEqual(refused.exitCode, 0, `${way} --tail ${JSON.stringify(bad)} is refused`);
      assert.equal(refused.stdout, '', `${way} --tail ${JSON.stringify(bad)} prints no line`);
    }
  }
});
