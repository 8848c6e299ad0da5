// A deploy that claims another live service's url is refused before anything is built.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { deployFixture, request } from './fixture.js';
import { dockerImageTags } from './serving.js';

test('a url served by another service is refused, naming it; a longer path on the same host is fine', async (t) => {
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
    (err: { code?: string; details?: string[] }) =>
      err.code === 'URL_CONFLICT' &&
      (err.details ?? []).some((d) => d.includes(`served by ${shop} (production)`)),
  );
  assert.deepEqual(listDeployments(f.engine.db, thief), []);
  assert.deepEqual(await dockerImageTags(f.docker, thief), []);
  const ok = await deployDirectory(
    f.engine,
    request(await f.app(api, { directives: ['url=https://shop.example.com/api'] })),
    silentOutput,
  );
  assert.equal(ok.deployment.status, 'live');
  const again = await deployDirectory(
    f.engine,
    request(await f.app(shop, { version: 'v2', directives: ['url=https://shop.example.com'] })),
    silentOutput,
  );
  assert.equal(again.deployment.status, 'live', 'a service keeps its own urls across deploys');
});
