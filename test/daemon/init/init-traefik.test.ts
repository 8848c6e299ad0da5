// `server init` with the Traefik driver against Traefik's own binary (the local image of
// test/helpers/traefik-image.ts): the production container, idempotent, and the example served.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { openEngine } from '../../../src/daemon/engine.js';
import { initHost } from '../../../src/daemon/init/init-host.js';
import { removeService } from '../../../src/daemon/service-control.js';
import { httpGetUntil } from '../../helpers/http.js';
import { prepareTraefikHost, startTraefikHost } from '../../helpers/traefik-host.js';
import { isMypaasError } from '../../../src/core/errors.js';

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

void test('init fails fast with the container to look at when Traefik cannot listen, and the next init recovers', async (t) => {
  const held = createServer();
  await new Promise<void>((resolve) => held.listen(0, '0.0.0.0', resolve));
  const heldPort = (held.address() as AddressInfo).port;
  t.after(() => new Promise((resolve) => held.close(resolve)));
  const host = await prepareTraefikHost(t, { httpPort: heldPort });
  if (!host) return;
  await host.writeConfig();

  await assert.rejects(host.init(), (err: unknown) => {
    assert.ok(isMypaasError(err, 'PROXY_UNAVAILABLE'), String(err));
    assert.match(err.message, new RegExp(`${host.container}\\) exited with code 1`));
    assert.match(err.hint ?? '', new RegExp(`docker logs ${host.container}`));
    return true;
  });

  await new Promise((resolve) => held.close(resolve));
  // Docker's restart policy may have brought it back already; either way init returns once it answers.
  await host.init();
  assert.equal((await fetch(`${host.apiUrl}/ping`)).status, 200);
});
