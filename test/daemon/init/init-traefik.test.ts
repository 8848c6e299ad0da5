// `server init` with the Traefik driver against Traefik's own binary (the local image of
// test/helpers/traefik-image.ts): the production container, idempotent, and the example served.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { openEngine } from '../../../src/daemon/engine.js';
import { initHost } from '../../../src/daemon/init/init-host.js';
import { removeService } from '../../../src/daemon/service-control.js';
import { httpGetUntil } from '../../helpers/http.js';
import { startTraefikHost } from '../../helpers/traefik-host.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const program = { node: process.execPath, bin: join(root, 'bin/mypaas.js') };

void test('init runs Traefik on host networking without the Docker socket; again changes nothing; the example answers', async (t) => {
  const host = await startTraefikHost(t);
  if (!host) return;
  assert.ok(
    host.changes.some((c) => c.startsWith(`started ${host.container}`)),
    host.changes.join('\n'),
  );
  const info = await host.docker.getContainer(host.container).inspect();
  assert.equal(info.State.Running, true);
  assert.equal(info.HostConfig.NetworkMode, 'host');
  assert.ok(!JSON.stringify(info.Mounts).includes('docker.sock'));
  assert.equal(info.Config.Image, host.config.proxy.traefikImage);

  const again = await initHost({
    home: host.home,
    userHome: host.userHome,
    program,
    noDaemon: true,
    traefikContainer: host.container,
  });
  assert.deepEqual(again.changes, []);

  const engine = await openEngine({ home: host.home, userHome: host.userHome });
  // Not t.after: hooks run in the order they were added, and the host's would go first.
  try {
    await deployDirectory(
      engine,
      {
        dir: join(root, 'examples/hello'),
        env: 'production',
        trigger: 'server-deploy',
        actor: 'test',
      },
      silentOutput,
    );
    // apply resolved once Traefik's API showed the container: the first answer is the page, not a 404.
    const page = await httpGetUntil(`http://127.0.0.1:${host.httpPort}/`, {
      deadlineMs: 5_000,
      intervalMs: 50,
      hostHeader: 'hello.localhost',
    });
    assert.equal(page.status, 200);
    assert.match(page.body, /Hello from mypaas/);
  } finally {
    await removeService(engine, 'hello', 'production', silentOutput);
    engine.close();
  }
});
