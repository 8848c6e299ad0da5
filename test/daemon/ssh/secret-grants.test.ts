// config.toml [env] secrets reach a deployer's service only when granted to it, however it is
// deployed or started again; plain keys stay for services no deployer key may deploy.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import test from 'node:test';
import { decodeEvent } from '../../../src/core/protocol.js';
import { listDeployments } from '../../../src/daemon/state/deployments.js';
import { bodies, containersOf, dockerImageTags } from '../deploy/serving.js';
import {
  tarOf,
  daemonFixture,
  execOverSsh2,
  type DaemonFixture,
  type TestKey,
} from './daemon-fixture.js';

const PLAIN = 'plain-S3CRET-value';
const GRANTED = 'granted-S3CRET-value';

const toml = (service: (name: string) => string) => `
[env]
PLAIN_KEY = "${PLAIN}"
[env.GRANTED_KEY]
value = "${GRANTED}"
services = ["${service('web')}"]
`;

// The failure's code and everything the client was shown.
async function refusal(f: DaemonFixture, key: TestKey, command: string, input?: Buffer) {
  const private_ = await readFile(key.privateFile);
  const result = await execOverSsh2(f.port, private_, `${command} --events=json`, input);
  const last = decodeEvent(result.stdout.trim().split('\n').at(-1) ?? '');
  const code = last?.type === 'result' && !last.ok ? last.error.code : `ok (exit ${result.code})`;
  return { code, shown: `${result.stdout}\n${result.stderr}` };
}

test("a deployer's service reads only secrets granted to it; refusals name the key, never the value", async (t) => {
  const f = await daemonFixture(t, toml);
  if (!f) return;
  const web = f.service('web');
  const admins = f.service('admins');
  const alice = await f.key('alice', 'admin');
  const ci = await f.key('ci', 'deployer', [web]);
  const plainApp = (service: string) =>
    f.app(service, { directives: ['env=PLAIN_KEY'], indexFrom: ['PLAIN_KEY'] });
  const grantedApp = (service: string) =>
    f.app(service, { directives: ['env=GRANTED_KEY'], indexFrom: ['GRANTED_KEY'] });

  // The deployer names a plain key: refused before anything is recorded or built, by anyone.
  for (const key of [ci, alice]) {
    const pushed = await refusal(f, key, 'push', await tarOf(await plainApp(web)));
    assert.equal(pushed.code, 'SECRET_NOT_GRANTED', key.name);
    assert.match(pushed.shown, /may not read PLAIN_KEY/);
    assert.match(pushed.shown, new RegExp(`\\[env\\.PLAIN_KEY\\].*services = \\[\\\\?"${web}`));
    assert.ok(!pushed.shown.includes(PLAIN), 'the value is never shown');
  }
  assert.deepEqual(listDeployments(f.engine.db, web), []);
  assert.deepEqual(await dockerImageTags(f.docker, web), []);

  // A key granted to it works, and the container sees the value.
  const ok = await f.ssh(ci, ['push'], await tarOf(await grantedApp(web)));
  assert.equal(ok.code, 0, ok.stderr);
  const live = listDeployments(f.engine.db, web)[0];
  assert.deepEqual(await bodies(await containersOf(f, web, live?.id)), [
    `version=v1 greeting=\nGRANTED_KEY=${GRANTED}`,
  ]);

  // An admin-only service still reads plain keys, and no key granted to someone else.
  const adminOk = await f.ssh(alice, ['push'], await tarOf(await plainApp(admins)));
  assert.equal(adminOk.code, 0, adminOk.stderr);
  const adminLive = listDeployments(f.engine.db, admins)[0];
  assert.deepEqual(await bodies(await containersOf(f, admins, adminLive?.id)), [
    `version=v1 greeting=\nPLAIN_KEY=${PLAIN}`,
  ]);
  const notTheirs = await refusal(f, alice, 'push', await tarOf(await grantedApp(admins)));
  assert.equal(notTheirs.code, 'SECRET_NOT_GRANTED');
  assert.match(notTheirs.shown, /GRANTED_KEY: granted to /);
  assert.ok(!notTheirs.shown.includes(GRANTED));
});

test('once a deployer key may deploy a service, its release with a plain secret is neither deployed again nor started', async (t) => {
  const f = await daemonFixture(t, toml);
  if (!f) return;
  const legacy = f.service('legacy');
  const alice = await f.key('alice', 'admin');
  const app = await f.app(legacy, { directives: ['env=PLAIN_KEY'] });
  assert.equal((await f.ssh(alice, ['push'], await tarOf(app))).code, 0);
  assert.equal((await f.ssh(alice, ['stop', legacy])).code, 0);

  await f.key('tenant', 'deployer', [legacy]);
  for (const command of [`redeploy ${legacy}`, `start ${legacy}`]) {
    const refused = await refusal(f, alice, command);
    assert.equal(refused.code, 'SECRET_NOT_GRANTED', command);
    assert.match(refused.shown, /PLAIN_KEY/, command);
    assert.ok(!refused.shown.includes(PLAIN), command);
  }
  const running = await f.docker.listContainers({
    filters: { label: [`mypaas.service=${legacy}`] },
  });
  assert.deepEqual(running, [], 'no container of it runs');
});
