// What a running service looks like from outside: published ports, limits, and `server logs`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deployFixture } from '../daemon/deploy/fixture.js';
import { freePort } from '../helpers/free-port.js';
import { httpGetUntil } from '../helpers/http.js';
import { mypaas } from './server-cli.js';

test('publish, maxcpu and maxmem reach Docker; logs show build output and container output, live', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const service = f.service('pub');
  const port = await freePort();
  const dir = await f.app(service, {
    scale: 1,
    directives: [`publish=127.0.0.1:${port}:8080`, 'maxcpu=0.5', 'maxmem=64m'],
  });
  const deploy = await mypaas(f, 'server', 'deploy', dir);
  assert.equal(deploy.exitCode, 0, deploy.all);
  assert.match(deploy.stdout, /published host ports can be held by one container at a time/);

  const res = await httpGetUntil(`http://127.0.0.1:${port}/`, { deadlineMs: 5000, intervalMs: 50 });
  assert.equal(res.status, 200);
  const [container] = await f.engine.runtime.listContainers({ service }, f.network);
  const info = await f.docker.getContainer(container?.id ?? '').inspect();
  assert.equal(info.HostConfig.NanoCpus, 500_000_000);
  assert.equal(info.HostConfig.Memory, 64 * 1024 * 1024);
  assert.deepEqual(info.HostConfig.PortBindings, {
    '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }],
  });

  const build = await mypaas(f, 'server', 'logs', service, '--deployment', '1');
  assert.equal(build.exitCode, 0, build.all);
  assert.match(build.stdout, /^Step 1\/\d+ : FROM /m);
  assert.match(build.stdout, /^waiting for 1 container to answer the health check$/m);
  const missing = await mypaas(f, 'server', 'logs', service, '--deployment', '99');
  assert.equal(missing.exitCode, 1);
  assert.match(missing.stderr, /has no deployment #99/);

  const tail = await mypaas(f, 'server', 'logs', service, '--tail', '5');
  assert.match(tail.stdout, new RegExp(`^started ${service}-d1-1 release \\S+$`, 'm'));
  const none = await mypaas(f, 'server', 'logs', service, '--tail', '0');
  assert.equal(none.exitCode, 0, none.all);
  assert.equal(none.stdout, '', '--tail 0 shows none of the old lines');

  const follow = mypaas(f, 'server', 'logs', service, '-f');
  let seen = '';
  follow.stdout?.on('data', (chunk: Buffer) => (seen += chunk.toString()));
  const deadline = Date.now() + 10_000;
  while (!seen.includes('started') && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  assert.match(seen, /started/);
  follow.kill('SIGINT');
  const ended = await follow;
  assert.equal(ended.exitCode, 0, `logs -f ends cleanly on Ctrl-C: ${ended.all}`);
});
