// Automatic certificates in haproxy.cfg: the http frontend answers challenges from the map before
// any routing or redirect, the https frontend loads the crt-list, and `haproxy -c` accepts it with
// the default certificate and a hand-placed one; hand-placed files decide the structure, ordered
// ones do not (they are loaded through the runtime API).
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { acmeFiles } from '../../../../src/daemon/certificates/cert-files.js';
import { validateConfig } from '../../../../src/daemon/routing/haproxy/haproxy-config-file.js';
import { haproxyPaths } from '../../../../src/daemon/routing/haproxy/haproxy-paths.js';
import { renderHaproxyConfig } from '../../../../src/daemon/routing/haproxy/render-config.js';
import { stateFor, structureOf } from '../../../../src/daemon/routing/haproxy/render-state.js';
import { sendCommand } from '../../../../src/daemon/routing/haproxy/socket-command.js';
import { isMypaasError } from '../../../../src/core/errors.js';
import { tempHome } from './fixture.js';

const ROUTES = [{ service: 'web', env: 'production', urls: ['https://web.test'], upstreams: [] }];

void test('challenge rules come first on http, the crt-list on https; haproxy -c accepts it', async (t) => {
  const home = await tempHome(t);
  const certsDir = join(home, 'certs');
  await mkdir(certsDir);
  const options = { home, httpPort: 8080, httpsPort: 8443, certsDir, acme: true };
  const state = await stateFor(ROUTES, options);
  const text = renderHaproxyConfig(state);
  const paths = haproxyPaths(home);
  const http = text.slice(text.indexOf('frontend http\n'), text.indexOf('frontend https\n'));
  const lines = http.split('\n').map((l) => l.trim());
  assert.equal(
    lines[2],
    `http-request set-var(txn.acme) path,map(${paths.challengeMap}) if { path_beg /.well-known/acme-challenge/ }`,
  );
  assert.match(
    lines[3] ?? '',
    /^http-request return status 200 .* if \{ var\(txn\.acme\) -m found \}$/,
  );
  assert.match(text, new RegExp(`bind \\*:8443 ssl crt-list ${paths.crtList} alpn`));
  assert.equal(await readFile(paths.crtList, 'utf8'), `${paths.defaultCert}\n`);
  await writeFile(paths.config, text);
  await validateConfig(paths.config);

  // An ordered certificate joins the crt-list without changing the structure; a hand-placed one
  // changes it (a reload loads it) and keeps the ordered one for its host out of the list.
  const before = structureOf(state);
  await mkdir(acmeFiles(certsDir).dir, { recursive: true });
  const pem = await readFile(paths.defaultCert, 'utf8');
  await writeFile(acmeFiles(certsDir).certificate('web.test'), pem);
  const ordered = await stateFor(ROUTES, options);
  assert.equal(structureOf(ordered), before);
  assert.match(await readFile(paths.crtList, 'utf8'), /acme\/web\.test\.pem\n$/);
  await writeFile(join(certsDir, 'other.test.pem'), pem);
  assert.notEqual(structureOf(await stateFor(ROUTES, options)), before);
  const list = await readFile(paths.crtList, 'utf8');
  assert.deepEqual(list.trim().split('\n'), [
    paths.defaultCert,
    join(certsDir, 'other.test.pem'),
    acmeFiles(certsDir).certificate('web.test'),
  ]);
});

void test('a payload with an empty line is refused before it reaches HAProxy', async () => {
  await assert.rejects(
    sendCommand('/nonexistent.sock', 'set ssl cert /x.pem', 1000, 'a\n\nb'),
    (err) => isMypaasError(err, 'INTERNAL'),
  );
});
