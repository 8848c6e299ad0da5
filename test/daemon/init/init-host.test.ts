// `server init` on a real engine: idempotent, and the bundled example then answers at its url
// through HAProxy, which is what the README's quick start promises.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type Docker from 'dockerode';
import { fileURLToPath } from 'node:url';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { openEngine } from '../../../src/daemon/engine.js';
import { runningDaemon } from '../../../src/daemon/init/background-daemon.js';
import { initHost } from '../../../src/daemon/init/init-host.js';
import { stopHaproxy } from '../../../src/daemon/routing/haproxy/haproxy-process.js';
import { removeService } from '../../../src/daemon/service-control.js';
import { requireDocker } from '../../helpers/docker.js';
import { freePort } from '../../helpers/free-port.js';
import { httpGetUntil } from '../../helpers/http.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const program = { node: process.execPath, bin: join(root, 'bin/mypaas.js') };

/** A temp home and network for `work`; everything it made is removed afterwards, in order. */
async function withTempHost(
  t: TestContext,
  work: (host: {
    docker: Docker;
    home: string;
    userHome: string;
    network: string;
  }) => Promise<void>,
): Promise<void> {
  const docker = await requireDocker(t);
  if (!docker) return;
  const home = await mkdtemp(join(tmpdir(), 'mypaas-init-'));
  const userHome = await mkdtemp(join(tmpdir(), 'mypaas-user-'));
  const network = `mypaas-test-init-${randomBytes(4).toString('hex')}`;
  try {
    await work({ docker, home, userHome, network });
  } finally {
    await stopHaproxy(home);
    const attached = await docker.listContainers({ all: true, filters: { network: [network] } });
    for (const c of attached) await docker.getContainer(c.Id).remove({ force: true });
    await docker
      .getNetwork(network)
      .remove()
      .catch(() => {}); // only the first test creates it
    await rm(home, { recursive: true, force: true });
    await rm(userHome, { recursive: true, force: true });
  }
}

test('init twice changes nothing the second time; the example then answers at its url', (t) =>
  withTempHost(t, async ({ home, userHome, network }) => {
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    await writeFile(
      join(home, 'config.toml'),
      `[proxy]\ndriver = "haproxy"\nhttp_port = ${httpPort}\nhttps_port = ${httpsPort}\n[deploy]\nnetwork = "${network}"\n`,
    );
    const first = await initHost({ home, userHome, program, noDaemon: true });
    assert.ok(
      first.changes.some((c) => c.startsWith('started HAProxy')),
      first.changes.join('\n'),
    );
    assert.equal((await stat(home)).mode & 0o777, 0o700);
    const second = await initHost({ home, userHome, program, noDaemon: true });
    assert.deepEqual(second.changes, []);

    const engine = await openEngine({ home, userHome });
    try {
      const { release } = await deployDirectory(
        engine,
        {
          dir: join(root, 'examples/hello'),
          env: 'production',
          trigger: 'server-deploy',
          actor: 'test',
        },
        silentOutput,
      );
      assert.deepEqual(release.spec.urls, ['http://hello.localhost']);
      const page = await httpGetUntil(`http://127.0.0.1:${httpPort}/`, {
        deadlineMs: 5000,
        intervalMs: 50,
        hostHeader: 'hello.localhost',
      });
      assert.equal(page.status, 200);
      assert.match(page.body, /Hello from mypaas/);
    } finally {
      await removeService(engine, 'hello', 'production', silentOutput);
      engine.close();
    }
  }));

test('init on a fresh home writes config.toml from the example with the chosen proxy', (t) =>
  withTempHost(t, async (host) => {
    const home = join(host.home, 'fresh');
    const mypaasNetwork = host.docker.getNetwork('mypaas');
    const existed = await mypaasNetwork.inspect().then(
      () => true,
      () => false,
    );
    try {
      const report = await initHost({
        home,
        userHome: host.userHome,
        proxy: 'none',
        email: 'ops@example.com',
        program,
        noDaemon: true,
      });
      assert.deepEqual(report.changes.slice(0, 2), [
        `created ${home}`,
        `wrote ${join(home, 'config.toml')}`,
      ]);
      const text = await readFile(join(home, 'config.toml'), 'utf8');
      assert.match(text, /^driver = "none"$/m);
      assert.match(text, /^email = "ops@example\.com"$/m);
      assert.equal(report.config.proxy.driver, 'none');
      const mode = (await stat(join(home, 'config.toml'))).mode & 0o777;
      assert.equal(mode, 0o600, 'config.toml holds secrets');
      await host.docker.getNetwork(report.config.deploy.network).inspect();
    } finally {
      if (!existed) await mypaasNetwork.remove();
    }
  }));

test('without --proxy, init falls back from an unpullable Traefik to HAProxy and starts the daemon', (t) =>
  withTempHost(t, async ({ home, userHome, network }) => {
    const [httpPort, httpsPort] = [await freePort(), await freePort()];
    await writeFile(
      join(home, 'config.toml'),
      `[proxy]\nhttp_port = ${httpPort}\nhttps_port = ${httpsPort}\ntraefik_image = "mypaas-test/no-such-traefik:0"\n` +
        `[daemon]\nssh_listen = "127.0.0.1:0"\n[deploy]\nnetwork = "${network}"\n`,
    );
    try {
      const report = await initHost({ home, userHome, program });
      assert.match(
        report.notes.join('\n'),
        /Traefik is not available .*could not be pulled.*using the HAProxy driver/,
      );
      assert.equal(report.config.proxy.driver, 'haproxy');
      assert.match(await readFile(join(home, 'config.toml'), 'utf8'), /^driver = "haproxy"$/m);
      assert.ok(report.changes.some((c) => c.startsWith('started HAProxy')));
      assert.ok(
        report.changes.some((c) =>
          c.startsWith('no systemd here: started the daemon in the background'),
        ),
      );
      const pid = await runningDaemon(home);
      assert.ok(pid !== null, 'the daemon runs');
      const log = join(home, 'daemon.log');
      await waitUntil(async () =>
        /listening on 127\.0\.0\.1:\d+/.test(await readFile(log, 'utf8').catch(() => '')),
      );
      const again = await initHost({ home, userHome, program });
      assert.deepEqual([again.changes, again.notes], [[], []], 'a second run changes nothing');
    } finally {
      const pid = await runningDaemon(home);
      if (pid !== null) process.kill(pid, 'SIGTERM');
      await waitUntil(async () => (await runningDaemon(home)) === null);
    }
  }));

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
