// A deploy that claims another live service's url, or a path on a host another service claimed
// first, is refused before anything is built; through HAProxy the host keeps serving its owner.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { deployRelease } from '../../../src/daemon/deploy/deploy-release.js';
import { openEngine } from '../../../src/daemon/engine.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { freePort } from '../../helpers/free-port.js';
import { httpGetUntil } from '../../helpers/http.js';
import { deployFixture, request } from './fixture.js';
import { dockerImageTags } from './serving.js';

type Refusal = { code?: string; details?: string[]; hint?: string };

test('a url served by another service is refused, naming it; so is a path on its host', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const [shop, thief, api] = [f.service('shop'), f.service('thief'), f.service('api')];
  await deployDirectory(
    f.engine,
    request(await f.app(shop, { directives: ['url=https://shop.example.com'] })),
    silentOutput,
  );
  await assert.rejects(
    deployDirectory(
      f.engine,
      request(await f.app(thief, { directives: ['url=http://SHOP.example.com/'] })),
      silentOutput,
    ),
    (err: Refusal) =>
      err.code === 'URL_CONFLICT' &&
      (err.details ?? []).some((d) => d.includes(`served by ${shop} (production)`)),
  );
  assert.deepEqual(listDeployments(f.engine.db, thief), []);
  assert.deepEqual(await dockerImageTags(f.docker, thief), []);
  await assert.rejects(
    deployDirectory(
      f.engine,
      request(await f.app(api, { directives: ['url=https://shop.example.com/api'] })),
      silentOutput,
    ),
    (err: Refusal) =>
      err.code === 'URL_CONFLICT' &&
      (err.details ?? []).some((d) => d.includes(`belongs to ${shop} (production)`)),
  );
  assert.deepEqual(await dockerImageTags(f.docker, api), []);
  const again = await deployDirectory(
    f.engine,
    request(await f.app(shop, { version: 'v2', directives: ['url=https://shop.example.com'] })),
    silentOutput,
  );
  assert.equal(again.deployment.status, 'live', 'a service keeps its own urls across deploys');
});

test('through HAProxy: no spelling of a path takes over a host; sharing is an admin setting, checked again at rollback', async (t) => {
  const [httpPort, httpsPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  const proxy = `driver = "haproxy"\nhttp_port = ${httpPort}\nhttps_port = ${httpsPort}\napi_port = ${apiPort}`;
  const f0 = await deployFixture(t, '', proxy);
  if (!f0) return;
  const [a, b] = [f0.service('a'), f0.service('b')];
  const host = `${a}.example`;
  const get = (path: string) =>
    httpGetUntil(`http://127.0.0.1:${httpPort}${path}`, {
      deadlineMs: 5000,
      intervalMs: 50,
      hostHeader: host,
    });
  const aDir = await f0.app(a, {
    version: 'a1',
    pages: ['login'],
    directives: [`url=http://${host}`],
  });
  await deployDirectory(f0.engine, request(aDir), silentOutput);
  assert.match((await get('/login')).body, /version=a1/);

  for (const url of [
    `http://${host}/login`,
    `https://${host.toUpperCase()}./login/`,
    `http://${host}//login`,
    `http://${host}/%6cogin`,
  ]) {
    const dir = await f0.app(b, { version: 'b1', pages: ['login'], directives: [`url=${url}`] });
    await assert.rejects(
      deployDirectory(f0.engine, request(dir), silentOutput),
      (err: Refusal) =>
        err.code === 'URL_CONFLICT' &&
        (err.details ?? []).some((d) => d.includes(`belongs to ${a} (production)`)) &&
        /shared_hosts/.test(err.hint ?? ''),
      url,
    );
  }
  assert.deepEqual(listDeployments(f0.engine.db, b), [], 'refused before building');
  assert.deepEqual(await dockerImageTags(f0.docker, b), []);
  assert.match((await get('/login')).body, /version=a1/);

  // The admin shares the host; a restarted daemon reads config.toml again.
  const configFile = join(f0.home, 'config.toml');
  const plain = await readFile(configFile, 'utf8');
  await writeFile(
    configFile,
    `${plain}\n[routing]\nshared_hosts = { "${host}" = ["${a}", "${b}"] }\n`,
  );
  const shared = await openEngine({ home: f0.home, userHome: f0.userHome });
  t.after(() => shared.close());
  const bLogin = await f0.app(b, {
    version: 'b1',
    pages: ['login'],
    directives: [`url=http://${host}/login`, `url=http://${b}.example`],
  });
  const first = await deployDirectory(shared, request(bLogin), silentOutput);
  assert.match((await get('/login')).body, /version=b1/, 'a shared host serves the guest path');
  const bOwn = await f0.app(b, { version: 'b2', directives: [`url=http://${b}.example`] });
  await deployDirectory(shared, request(bOwn), silentOutput);
  assert.match((await get('/login')).body, /version=a1/);

  // Sharing ends: rolling b back to the release that claimed /login is refused before it starts.
  await writeFile(configFile, plain);
  const unshared = await openEngine({ home: f0.home, userHome: f0.userHome });
  t.after(() => unshared.close());
  await assert.rejects(
    deployRelease(
      unshared,
      {
        service: b,
        env: 'production',
        choice: { kind: 'named', id: first.release.id },
        trigger: 'rollback',
        actor: 'test',
      },
      silentOutput,
    ),
    (err: Refusal) => err.code === 'URL_CONFLICT',
  );
  assert.match((await get('/login')).body, /version=a1/);
  assert.match((await get('/')).body, /version=a1/);
});
