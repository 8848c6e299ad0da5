// The promise of mypaas, end to end through each real proxy (HAProxy, and Traefik run by server
// init from its release binary): a scale-2 service under constant keep-alive load is redeployed
// three times back to back, and a never-healthy release is refused, without a single failed request.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { deployDirectory } from '../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../src/daemon/deploy/deploy-output.js';
import { deployFixture, request } from '../daemon/deploy/fixture.js';
import { freePort } from '../helpers/free-port.js';
import { httpGetUntil } from '../helpers/http.js';
import { percentile, startLoad, type Sample } from '../helpers/load-client.js';
import { connectDocker } from '../helpers/docker.js';
import { runTraefik, traefikProxyToml } from '../helpers/traefik-host.js';

const HOST = 'zd.mypaas.test';

test('HAProxy: three back-to-back redeploys and a never-healthy release under load fail no request', async (t) => {
  const [httpPort, httpsPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const proxy = `driver = "haproxy"\nhttp_port = ${httpPort}\nhttps_port = ${httpsPort}\napi_port = ${apiPort}`;
  await swapsUnderLoad(t, proxy, httpPort, false);
});

test('Traefik: three back-to-back redeploys and a never-healthy release under load fail no request', async (t) => {
  const proxy = await traefikProxyToml(connectDocker());
  const httpPort = Number(/^http_port = (\d+)$/m.exec(proxy)?.[1]);
  await swapsUnderLoad(t, proxy, httpPort, true);
});

async function swapsUnderLoad(
  t: TestContext,
  proxyToml: string,
  httpPort: number,
  traefik: boolean,
): Promise<void> {
  const f = await deployFixture(t, '', proxyToml);
  if (!f) return;
  if (traefik) await runTraefik(t, f.docker, f.home, f.userHome);
  const service = f.service('zd');
  const app = (version: string, kind?: 'never') =>
    f.app(service, { scale: 2, version, kind, directives: [`url=http://${HOST}`] });
  await deployDirectory(f.engine, request(await app('v1')), silentOutput);
  const url = `http://127.0.0.1:${httpPort}/`;
  assert.match(
    (await httpGetUntil(url, { deadlineMs: 5000, intervalMs: 50, hostHeader: HOST })).body,
    /version=v1/,
  );

  const load = startLoad({ url, host: HOST, connections: 8, maxMs: 120_000 });
  const swaps: [number, number][] = [];
  const timed = async (work: () => Promise<unknown>) => {
    const start = Date.now();
    try {
      await work();
    } finally {
      swaps.push([start, Date.now()]);
    }
  };
  await new Promise((r) => setTimeout(r, 1000)); // a steady baseline first
  for (const version of ['v2', 'v3', 'v4']) {
    const dir = await app(version);
    await timed(() => deployDirectory(f.engine, request(dir), silentOutput));
  }
  const never = await app('v5', 'never');
  await timed(() =>
    assert.rejects(deployDirectory(f.engine, request(never), silentOutput), {
      code: 'HEALTHCHECK_FAILED',
    }),
  );
  await new Promise((r) => setTimeout(r, 500));
  const report = await load.stop();

  const during = (s: Sample) => swaps.some(([a, b]) => s.at >= a && s.at <= b);
  const steady = report.samples.filter((s) => !during(s));
  const swapping = report.samples.filter(during);
  t.diagnostic(
    `served ${report.served}, failed ${report.failed}, retries ${report.retries}; ` +
      `p50/p99 steady ${percentile(steady, 50)}/${percentile(steady, 99)} ms, ` +
      `during swaps ${percentile(swapping, 50)}/${percentile(swapping, 99)} ms`,
  );
  assert.equal(report.failed, 0, `failed requests:\n${report.failures.slice(0, 10).join('\n')}`);
  assert.ok(swapping.length > 100, 'the load really ran during the swaps');
  const versions = [...new Set(report.samples.map((s) => /version=(v\d)/.exec(s.body)?.[1]))];
  assert.deepEqual(
    versions,
    ['v1', 'v2', 'v3', 'v4'],
    'every release served in turn; v5 never did',
  );
  assert.match(report.samples.at(-1)?.body ?? '', /version=v4/);
}
