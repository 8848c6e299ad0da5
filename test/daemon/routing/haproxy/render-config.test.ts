// The rendered haproxy.cfg as data: rule order, redirects, 404/503, sanitised names, and
// `haproxy -c` accepting every config the renderer can produce.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { isMypaasError } from '../../../../src/core/errors.js';
import { validateConfig } from '../../../../src/daemon/routing/haproxy/haproxy-config-file.js';
import {
  renderHaproxyConfig,
  renderHaproxyStructure,
  type HaproxyState,
} from '../../../../src/daemon/routing/haproxy/render-config.js';
import type { Route } from '../../../../src/daemon/routing/router.js';
import { tempHome } from './fixture.js';

const up = (url: string) => ({ url, weight: 1 });
const ROUTES: Route[] = [
  {
    service: 'site',
    env: 'production',
    urls: ['http://shop.test'],
    upstreams: [up('http://10.0.0.5:8080')],
  },
  {
    service: 'api',
    env: 'production',
    urls: ['http://shop.test/api'],
    upstreams: [up('http://10.0.0.6:3000'), up('http://10.0.0.7:3000')],
  },
  { service: 'v2', env: 'production', urls: ['http://shop.test/api/v2'], upstreams: [] },
  {
    service: 'my_app',
    env: 'pr/7 x',
    urls: ['https://secure.test', "http://odd.test/it's"],
    upstreams: [{ url: 'http://10.0.0.8:80', weight: 300 }],
  },
];

function state(extra: Partial<HaproxyState> = {}): HaproxyState {
  return {
    routes: ROUTES,
    httpPort: 8080,
    httpsPort: 8443,
    certsDir: null,
    runtimeSocket: '/run/m/admin.sock',
    ...extra,
  };
}

/** The lines of one section (`frontend http`, `backend x`), indentation removed. */
function section(cfg: string, title: string): string[] {
  const block = cfg.split('\n\n').find((b) => b.startsWith(`${title}\n`));
  assert.ok(block, `no section ${title}`);
  return block
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

void test('global and defaults hold master-worker, the admin socket and the keep-alive timeouts', () => {
  const cfg = renderHaproxyConfig(state());
  assert.deepEqual(section(cfg, 'global'), [
    'master-worker',
    'stats socket /run/m/admin.sock mode 600 level admin expose-fd listeners',
    'hard-stop-after 30s',
  ]);
  const defaults = section(cfg, 'defaults');
  for (const line of [
    'mode http',
    'timeout connect 5s',
    'timeout client 60s',
    'timeout server 60s',
    'timeout http-keep-alive 60s',
    'option http-keep-alive',
    'retries 2',
    'option redispatch',
  ]) {
    assert.ok(defaults.includes(line), line);
  }
});

void test('on one host the longest path prefix is checked first; unknown hosts fall to 404', () => {
  const http = section(renderHaproxyConfig(state()), 'frontend http');
  assert.equal(http[0], 'bind *:8080');
  assert.ok(
    http.includes('http-request set-var(txn.host) req.hdr(host),field(1,:),lower,regsub([.]$,)'),
  );
  assert.ok(http.includes('http-request set-var(txn.path) path,url_dec,regsub(/+,/,g)'));
  const uses = http.filter((l) => l.startsWith('use_backend') || l.startsWith('default_backend'));
  assert.deepEqual(uses, [
    'use_backend be_v2_production if host_0 path_0',
    'use_backend be_my_app_pr-7-x if host_1 path_1',
    'use_backend be_api_production if host_0 path_2',
    'use_backend mypaas_https_redirect if host_2',
    'use_backend be_site_production if host_0',
    'default_backend mypaas_no_route',
  ]);
  assert.ok(http.includes('acl host_0 var(txn.host) -m str shop.test'));
  assert.ok(http.includes('acl path_0 var(txn.path) -m str /api/v2'));
  assert.ok(http.includes('acl path_0 var(txn.path) -m beg /api/v2/'));
  assert.ok(http.includes("acl path_1 var(txn.path) -m str '/it'\\''s'"));
  assert.deepEqual(section(renderHaproxyConfig(state()), 'backend mypaas_no_route'), [
    'http-request return status 404 content-type text/plain string "no service at this address"',
  ]);
});

void test('https urls: served on the https frontend, 301 from http keeping host, port and path', () => {
  const cfg = renderHaproxyConfig(
    state({ certsDir: '/certs', certFiles: ['secure.test.pem'], bindAddress: '127.0.0.1' }),
  );
  const https = section(cfg, 'frontend https');
  assert.equal(
    https[0],
    'bind 127.0.0.1:8443 ssl crt /certs/secure.test.pem alpn h2,http/1.1 ssl-min-ver TLSv1.2',
  );
  assert.deepEqual(
    https.filter((l) => l.startsWith('use_backend')),
    ['use_backend be_my_app_pr-7-x if host_0'],
  );
  assert.deepEqual(section(cfg, 'backend mypaas_https_redirect'), [
    'http-request redirect prefix https://%[var(txn.host)]:8443 code 301',
  ]);
  assert.doesNotMatch(renderHaproxyConfig(state()), /frontend https/);
  const standard = renderHaproxyConfig(state({ certsDir: '/certs', httpsPort: 443 }));
  assert.match(standard, /bind \*:443 ssl crt \/certs alpn/);
  assert.match(standard, /redirect prefix https:\/\/%\[var\(txn.host\)\] code 301/);
});

void test('backends: sanitised names, balance roundrobin, servers named by address; none = 503', () => {
  const cfg = renderHaproxyConfig(state());
  assert.deepEqual(section(cfg, 'backend be_api_production'), [
    'balance roundrobin',
    'server s_10_0_0_6_3000 10.0.0.6:3000 weight 1',
    'server s_10_0_0_7_3000 10.0.0.7:3000 weight 1',
  ]);
  assert.deepEqual(section(cfg, 'backend be_my_app_pr-7-x'), [
    'balance roundrobin',
    'server s_10_0_0_8_80 10.0.0.8:80 weight 256',
  ]);
  assert.deepEqual(section(cfg, 'backend be_v2_production'), ['balance roundrobin']);
  assert.equal(
    renderHaproxyConfig(state()),
    renderHaproxyConfig(state({ routes: [...ROUTES].reverse() })),
  );
});

void test('the structure leaves servers out, so only a change of hosts or backends differs', () => {
  const moved = ROUTES.map((r) => ({ ...r, upstreams: [up('http://10.9.9.9:1')] }));
  assert.equal(renderHaproxyStructure(state()), renderHaproxyStructure(state({ routes: moved })));
  assert.doesNotMatch(renderHaproxyStructure(state()), /server s_/);
  const renamed = [{ ...ROUTES[0]!, urls: ['http://shop2.test'] }, ...ROUTES.slice(1)];
  assert.notEqual(
    renderHaproxyStructure(state()),
    renderHaproxyStructure(state({ routes: renamed })),
  );
});

void test('haproxy -c accepts every rendered config; a broken one is PROXY_UNAVAILABLE', async (t) => {
  const dir = await tempHome(t);
  const certsDir = join(dir, 'certs');
  await mkdir(certsDir);
  const pem = join(certsDir, 'secure.test.pem');
  const key = join(dir, 'key.pem');
  await execa('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-keyout',
    key,
    '-out',
    pem,
    '-subj',
    '/CN=secure.test',
  ]);
  await execa('sh', ['-c', 'cat "$1" >> "$2"', 'sh', key, pem]);
  const variants: Partial<HaproxyState>[] = [
    {},
    { routes: [] },
    { certsDir, certFiles: ['secure.test.pem'] },
    { certsDir, bindAddress: '127.0.0.1', httpPort: 80, httpsPort: 443 },
  ];
  for (const [i, variant] of variants.entries()) {
    const file = join(dir, `v${i}.cfg`);
    await writeFile(
      file,
      renderHaproxyConfig(state({ runtimeSocket: join(dir, 'admin.sock'), ...variant })),
    );
    await validateConfig(file);
  }
  await writeFile(join(dir, 'bad.cfg'), 'frontend x\n    bind *:1\n    use_backend nowhere\n');
  await assert.rejects(validateConfig(join(dir, 'bad.cfg')), (err) =>
    isMypaasError(err, 'PROXY_UNAVAILABLE'),
  );
  await assert.rejects(validateConfig(join(dir, 'v0.cfg'), 'no-such-haproxy'), (err) =>
    isMypaasError(err, 'PROXY_UNAVAILABLE'),
  );
});
