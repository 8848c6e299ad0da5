// parseConfig and its helpers: every rule, each problem located by line, secrets never echoed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDuration } from '../../src/core/duration.js';
import { keyLines } from '../../src/config/key-lines.js';
import type { Config } from '../../src/config/schema.js';
import { parseConfig } from '../../src/config/validate-config.js';

const dirs = { home: '/home/ann/_mypaas', userHome: '/home/ann' };

const defaults: Config = {
  env: {},
  proxy: {
    driver: 'traefik',
    email: '',
    traefikImage: 'traefik:v3.6',
    httpPort: 80,
    httpsPort: 443,
    certsDir: '/home/ann/_mypaas/certs',
    apiPort: 8099,
    acmeCaServer: 'https://acme-v02.api.letsencrypt.org/directory',
    acmeCaRoot: '',
  },
  daemon: {
    sshListen: '0.0.0.0:2222',
    maxUploadBytes: 2147483648,
    maxUploadFiles: 200000,
    maxParallelBuilds: 2,
    loginTimeoutMs: 20_000,
    maxUnauthenticated: 64,
    maxUnauthenticatedPerAddress: 10,
    uploadTimeoutMs: 30 * 60_000,
    uploadIdleTimeoutMs: 120_000,
  },
  deploy: {
    keepReleases: 5,
    allowedVolumeRoots: ['/home/ann/_mypaas/volumes', '/home/ann'],
    healthTimeoutMs: 30000,
    drainTimeoutMs: 10000,
    stopTimeoutMs: 10000,
    init: true,
    network: 'mypaas',
  },
  deployers: { maxScale: 4, maxMemoryBytes: 1024 ** 3, maxCpus: 1, maxPids: 512 },
  routing: { sharedHosts: {} },
};

function ok(text: string): { config: Config; warnings: string[] } {
  const result = parseConfig(text, 'config.toml', dirs);
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  return result;
}

function errors(text: string): string[] {
  const result = parseConfig(text, 'config.toml', dirs);
  assert.ok(!result.ok, `expected errors for ${JSON.stringify(text)}`);
  return result.errors;
}

function oneError(text: string): string {
  const found = errors(text);
  assert.equal(found.length, 1, found.join('\n'));
  return found[0] ?? '';
}

test('empty text gives every default', () => {
  assert.deepEqual(ok(''), { ok: true, config: defaults, warnings: [] });
  assert.deepEqual(ok('# only a comment\n\n[proxy]\n[deploy]\n').config, defaults);
});

test('a full valid file sets every key, camelCase, durations in ms', () => {
  const { config, warnings } = ok(`
[env]
DATABASE_URL = "postgres://u:p@db/app"
_private = "x"

[proxy]
driver = "haproxy"
email = "ops@example.com"
traefik_image = "traefik:v3.5"
http_port = 8080
https_port = 8443
certs_dir = "/srv/certs"
api_port = 9000
acme_ca_server = "https://acme.test/dir"
acme_ca_root = "/srv/test-ca.pem"

[daemon]
ssh_listen = "[::]:2200"
max_upload_bytes = 1048576
max_upload_files = 10
max_parallel_builds = 4
login_timeout = "5s"
max_unauthenticated = 8
max_unauthenticated_per_address = 2
upload_timeout = "10m"
upload_idle_timeout = "30s"

[deploy]
keep_releases = 1
allowed_volume_roots = ["/srv/data"]
health_timeout = "1.5m"
drain_timeout = "250ms"
stop_timeout = "0s"
init = false
network = "apps"

[deployers]
max_scale = 2
max_memory = "256m"
max_cpus = 0.5
max_pids = 100

[routing]
shared_hosts = { "shop.example.com" = ["shop", "shop-api"] }
`);
  assert.deepEqual(warnings, []);
  assert.deepEqual(config, {
    env: {
      DATABASE_URL: { value: 'postgres://u:p@db/app', services: null },
      _private: { value: 'x', services: null },
    },
    proxy: {
      driver: 'haproxy',
      email: 'ops@example.com',
      traefikImage: 'traefik:v3.5',
      httpPort: 8080,
      httpsPort: 8443,
      certsDir: '/srv/certs',
      apiPort: 9000,
      acmeCaServer: 'https://acme.test/dir',
      acmeCaRoot: '/srv/test-ca.pem',
    },
    daemon: {
      sshListen: '[::]:2200',
      maxUploadBytes: 1048576,
      maxUploadFiles: 10,
      maxParallelBuilds: 4,
      loginTimeoutMs: 5000,
      maxUnauthenticated: 8,
      maxUnauthenticatedPerAddress: 2,
      uploadTimeoutMs: 600_000,
      uploadIdleTimeoutMs: 30_000,
    },
    deploy: {
      keepReleases: 1,
      allowedVolumeRoots: ['/srv/data'],
      healthTimeoutMs: 90000,
      drainTimeoutMs: 250,
      stopTimeoutMs: 0,
      init: false,
      network: 'apps',
    },
    deployers: { maxScale: 2, maxMemoryBytes: 256 * 1024 ** 2, maxCpus: 0.5, maxPids: 100 },
    routing: { sharedHosts: { 'shop.example.com': ['shop', 'shop-api'] } },
  });
});

test('a syntax error gives its 1-based line and column', () => {
  const result = parseConfig('[proxy]\nemail = \n', 'config.toml', dirs);
  assert.ok(!result.ok);
  assert.equal(result.syntax?.line, 2);
  assert.equal(result.syntax?.column, 9);
  assert.match(result.errors[0] ?? '', /^config\.toml:2:9: Unexpected character/);
});

test('a syntax error never quotes the source line (it may hold a secret)', () => {
  for (const text of [
    '[env]\nTOKEN = "sk-live-SECRET123\n',
    '[env]\nTOKEN = sk-live-SECRET123\n',
  ]) {
    const result = parseConfig(text, 'config.toml', dirs);
    assert.ok(!result.ok);
    assert.equal(result.syntax?.line, 2);
    assert.doesNotMatch(JSON.stringify(result), /SECRET123/);
  }
});

test('unknown key: line, path and the nearest known key with an example', () => {
  const message = oneError('[proxy]\ndriver = "traefik"\nemial = "a@b.co"\n');
  assert.match(message, /^config\.toml:3: \[proxy\] emial: unknown key; did you mean email\?/);
  assert.match(message, /e\.g\. email = "ops@example\.com"/);
});

test('unknown key far from every known key lists the known ones instead', () => {
  const message = oneError('[daemon]\ncompletely_unrelated = 1\n');
  assert.match(message, /^config\.toml:2: \[daemon\] completely_unrelated: unknown key; known: /);
  assert.doesNotMatch(message, /did you mean/);
  assert.match(message, /ssh_listen/);
});

test('a key in the wrong section says which section it belongs in', () => {
  assert.match(oneError('[daemon]\nemail = "a@b.co"\n'), /^config\.toml:2: .*belongs in \[proxy\]/);
});

test('unknown section: suggestion when close, the list otherwise', () => {
  assert.match(
    oneError('\n[prxy]\ndriver = "none"\n'),
    /^config\.toml:2: \[prxy\]: .*did you mean \[proxy\]\?/,
  );
  const far = oneError('[observability]\n');
  assert.match(
    far,
    /^config\.toml:1: \[observability\]: unknown section; known: \[env\], \[proxy\]/,
  );
});

test('a setting outside any section is an error with its likely home', () => {
  const message = oneError('drivr = "none"\n[proxy]\n');
  assert.match(
    message,
    /^config\.toml:1: drivr: not inside a section; did you mean driver under \[proxy\]\?/,
  );
});

test('wrong types name the expected type and a good example', () => {
  const cases: [string, RegExp][] = [
    [
      '[proxy]\nhttp_port = "80"',
      /:2: \[proxy\] http_port: expected an integer, got "80"; e\.g\. http_port = 80$/,
    ],
    ['[deploy]\nkeep_releases = 1.5', /\[deploy\] keep_releases: expected an integer, got 1\.5;/],
    [
      '[proxy]\ndriver = "nginx"',
      /driver: expected one of "traefik", "haproxy", "none", got "nginx"/,
    ],
    [
      '[proxy]\nemail = true',
      /email: expected a string, got true; e\.g\. email = "ops@example\.com"/,
    ],
    ['[deploy]\nallowed_volume_roots = "/srv"', /allowed_volume_roots: expected an array of/],
    ['[deploy]\nallowed_volume_roots = ["/srv", 3]', /got \["\/srv",3\]/],
    ['[daemon]\nmax_upload_bytes = 99999999999999999999', /max_upload_bytes: expected an integer/],
    ['proxy = 3', /^config\.toml:1: \[proxy\]: must be a table/],
  ];
  for (const [text, pattern] of cases) assert.match(oneError(text), pattern, text);
});

test('ranges: ports 1-65535, counts at least 1, timeouts above 0', () => {
  for (const bad of ['http_port = 0', 'https_port = 65536', 'api_port = -1']) {
    assert.match(oneError(`[proxy]\n${bad}`), /must be a port from 1 to 65535/, bad);
  }
  assert.equal(ok('[proxy]\nhttp_port = 65535').config.proxy.httpPort, 65535);
  assert.match(oneError('[daemon]\nmax_parallel_builds = 0'), /must be at least 1, got 0/);
  assert.match(oneError('[deploy]\nkeep_releases = 0'), /keep_releases: must be at least 1/);
  assert.match(
    oneError('[deploy]\nhealth_timeout = "0s"'),
    /health_timeout: must be longer than 0s/,
  );
  for (const key of ['login_timeout', 'upload_timeout', 'upload_idle_timeout']) {
    assert.match(oneError(`[daemon]\n${key} = "0s"`), new RegExp(`${key}: must be longer than 0s`));
  }
  for (const key of ['max_unauthenticated', 'max_unauthenticated_per_address']) {
    assert.match(oneError(`[daemon]\n${key} = 0`), new RegExp(`${key}: must be at least 1`));
  }
});

test('the proxy ports must differ', () => {
  assert.match(
    oneError('[proxy]\nhttp_port = 8080\nhttps_port = 8080'),
    /:3: \[proxy\] https_port: 8080 is also http_port/,
  );
});

test('email is checked only when non-empty', () => {
  assert.equal(ok('[proxy]\nemail = ""').config.proxy.email, '');
  for (const bad of ['ops', 'ops@', '@example.com', 'ops@example', 'o ps@example.com']) {
    assert.match(
      oneError(`[proxy]\nemail = "${bad}"`),
      /email: must look like an email address/,
      bad,
    );
  }
});

test('ssh_listen must be host:port with a port from 0 to 65535', () => {
  for (const good of [
    '0.0.0.0:2222',
    'localhost:0',
    '[::]:22',
    '[::1]:65535',
    'my-host.lan:2222',
  ]) {
    assert.equal(ok(`[daemon]\nssh_listen = "${good}"`).config.daemon.sshListen, good);
  }
  for (const bad of ['2222', 'host:', ':2222', '0.0.0.0:70000', '::1:22', 'a b:22', 'host:22x']) {
    assert.match(
      oneError(`[daemon]\nssh_listen = "${bad}"`),
      /ssh_listen: (must be host:port|port must be)/,
      bad,
    );
  }
});

test('parseDuration: integers and decimals with ms, s, m or h', () => {
  const cases: [string, number | undefined][] = [
    ['250ms', 250],
    ['5s', 5000],
    ['1.5s', 1500],
    ['2m', 120000],
    ['1h', 3600000],
    ['0s', 0],
    ['5', undefined],
    ['5 s', undefined],
    ['-1s', undefined],
    ['1d', undefined],
    ['.5s', 500],
    ['1m30s', undefined],
    ['', undefined],
  ];
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
});

test('durations in config: stored as ms, bad ones explained', () => {
  assert.equal(ok('[deploy]\ndrain_timeout = "2m"').config.deploy.drainTimeoutMs, 120000);
  assert.match(
    oneError('[deploy]\nstop_timeout = "ten seconds"'),
    /stop_timeout: expected a duration such as "250ms"/,
  );
  assert.match(oneError('[deploy]\nstop_timeout = 10'), /got 10; e\.g\. stop_timeout = "10s"/);
  assert.match(oneError('[deploy]\ninit = "yes"'), /init: expected true or false/);
});

test('~/ paths are expanded against the user home; relative paths are errors', () => {
  const { config } = ok(
    '[proxy]\ncerts_dir = "~/certs"\n[deploy]\nallowed_volume_roots = ["~/vol", "~", "/srv"]',
  );
  assert.equal(config.proxy.certsDir, '/home/ann/certs');
  assert.deepEqual(config.deploy.allowedVolumeRoots, ['/home/ann/vol', '/home/ann', '/srv']);
  assert.match(
    oneError('[proxy]\ncerts_dir = "certs"'),
    /certs_dir: expected an absolute path or one starting with ~\//,
  );
  assert.match(
    oneError('[deploy]\nallowed_volume_roots = ["~user/x"]'),
    /allowed_volume_roots: expected/,
  );
});

test('a volume root of / is allowed but warned about', () => {
  const { warnings } = ok('[deploy]\nallowed_volume_roots = ["/"]');
  assert.match(
    warnings.join('\n'),
    /^config\.toml:2: \[deploy\] allowed_volume_roots: "\/" lets apps mount/,
  );
});

test('[env]: names are checked, values must be quoted strings', () => {
  assert.deepEqual(ok('[env]\nA = "1"\nb_2 = "two"').config.env, {
    A: { value: '1', services: null },
    b_2: { value: 'two', services: null },
  });
  assert.match(
    oneError('[env]\nPORT = 5432'),
    /^config\.toml:2: \[env\] PORT: expected a string, got an integer; quote it, e\.g\. PORT = "\.\.\."$/,
  );
  assert.match(
    oneError('[env]\n"MY-KEY" = "x"'),
    /^config\.toml:2: \[env\] MY-KEY: names use letters/,
  );
  assert.match(oneError('[env]\n1KEY = "x"'), /\[env\] 1KEY: names use/);
  assert.match(
    oneError('[env]\nLIST = ["x"]'),
    /^config\.toml:2: \[env\] LIST: expected a string, got an array/,
  );
  assert.match(oneError('env = "x"'), /^config\.toml:1: \[env\]: must be a table/);
  const { warnings } = ok('[env]\nEMPTY = ""');
  assert.match(warnings[0] ?? '', /^config\.toml:2: \[env\] EMPTY: the value is empty$/);
});

test('[env.KEY]: a secret granted to named services, both keys required', () => {
  const granted = ok(
    '[env]\nPLAIN = "p"\nINLINE = { value = "i", services = ["web", "web", "api"] }\n[env.TABLE]\nvalue = "t"\nservices = ["worker"]',
  );
  assert.deepEqual(granted.config.env, {
    PLAIN: { value: 'p', services: null },
    INLINE: { value: 'i', services: ['web', 'api'] },
    TABLE: { value: 't', services: ['worker'] },
  });
  assert.deepEqual(granted.warnings, []);
  assert.match(
    oneError('[env.K]\nvalue = "x"'),
    /^config\.toml:1: \[env\.K\]: missing services, the services that may read K; e\.g\. services = \["web", "api"\] \(a plain K = "\.\.\." under \[env\] is for services no deployer key may deploy\)$/,
  );
  assert.match(
    oneError('[env.K]\nservices = ["web"]'),
    /^config\.toml:1: \[env\.K\]: missing value, the secret; e\.g\. value = "\.\.\."$/,
  );
  assert.match(
    oneError('[env.K]\nvalue = "x"\nservices = "web"'),
    /^config\.toml:3: \[env\.K\] services: expected a list of service names, got a string/,
  );
  assert.match(
    oneError('[env.K]\nvalue = "x"\nservices = ["Web!"]'),
    /^config\.toml:3: \[env\.K\] services: "Web!" /,
  );
  assert.match(
    oneError('[env.K]\nvalue = 5\nservices = ["web"]'),
    /^config\.toml:2: \[env\.K\] value: expected a string, got an integer; quote it/,
  );
  assert.match(
    oneError('[env.K]\nvalue = "x"\nservices = ["web"]\nservice = ["api"]'),
    /^config\.toml:4: \[env\.K\] service: unknown key; did you mean services\?/,
  );
  const empty = ok('[env.K]\nvalue = "x"\nservices = []');
  assert.deepEqual(empty.config.env, { K: { value: 'x', services: [] } });
  assert.match(empty.warnings[0] ?? '', /^config\.toml:3: \[env\.K\] services: the list is empty/);
});

test('no message ever contains a secret value', () => {
  const secret = 'hunter2-S3CR3T-value';
  const texts = [
    `[env]\nGOOD = "${secret}"\nBAD-NAME = "${secret}"\nNUM = 12345678\nARR = ["${secret}"]\nTBL = { v = "${secret}" }\n[prxy]\nx = 1`,
    `TOKEN = "${secret}"\n[env]\nA = "${secret}"`,
    `[env]\n"${secret}" = 1`.replace(secret, 'NAME'),
    `[env]\nA = "${secret}"\n[proxy]\nhttp_port = "x"`,
    `[env.A]\nvalue = "${secret}"\nservices = "web"`,
    `[env.A]\nvalue = "${secret}"\nservices = [1]\nextra = "${secret}"`,
  ];
  for (const text of texts) {
    const result = parseConfig(text, 'config.toml', dirs);
    assert.equal(result.ok, false, text);
    const messages = JSON.stringify([result.ok ? [] : result.errors, result.warnings]);
    assert.doesNotMatch(messages, /S3CR3T|12345678/, text);
  }
});

test('every problem is reported, in line order', () => {
  const found = errors(`[proxy]
http_port = "80"
emial = "x@y.z"
[daemon]
ssh_listen = "nope"
max_parallel_builds = 0
[deploy]
health_timeout = "soon"
[env]
9X = "v"
[extra]
`);
  assert.deepEqual(
    found.map((e) => /^config\.toml:(\d+): (\[\w+\](?: \w+)?)/.exec(e)?.slice(1).join(' ')),
    [
      '2 [proxy] http_port',
      '3 [proxy] emial',
      '5 [daemon] ssh_listen',
      '6 [daemon] max_parallel_builds',
      '8 [deploy] health_timeout',
      '10 [env] 9X',
      '11 [extra]',
    ],
  );
});

test('keys inside inline tables fall back to the table line', () => {
  assert.match(
    oneError('\nproxy = { emial = "a@b.co" }'),
    /^config\.toml:2: \[proxy\] emial: unknown key/,
  );
});

test('keyLines: headers, dotted and quoted keys, multi-line strings skipped', () => {
  const lines = keyLines(
    [
      'top = 1', // 1
      '[proxy]', // 2
      'email = "a"', // 3
      '  [ deploy . "x y" ]  # comment', // 4
      "'lit' = 1", // 5
      'note = """', // 6
      'fake = 1', // 7
      '"""', // 8
      'a.b = 2', // 9
      '[[arr]]', // 10
      "text = '''one line'''", // 11
      'after = 3', // 12
    ].join('\n'),
  );
  assert.deepEqual(Object.fromEntries(lines), {
    top: 1,
    proxy: 2,
    'proxy.email': 3,
    deploy: 4,
    'deploy.x y': 4,
    'deploy.x y.lit': 5,
    'deploy.x y.note': 6,
    'deploy.x y.a': 9,
    'deploy.x y.a.b': 9,
    arr: 10,
    'arr.text': 11,
    'arr.after': 12,
  });
});

test('[routing] shared_hosts: hosts normalised like route urls, service names checked', () => {
  const { config } = ok(
    '[routing]\nshared_hosts = { "Shop.Example.com." = ["shop", "api"], "b\u00fccher.example" = ["b"] }\n',
  );
  assert.deepEqual(config.routing.sharedHosts, {
    'shop.example.com': ['shop', 'api'],
    'xn--bcher-kva.example': ['b'],
  });
  assert.match(oneError('[routing]\nshared_hosts = { "a.example" = "shop" }\n'), /shared_hosts/);
  assert.match(oneError('[routing]\nshared_hosts = { "*.example" = ["shop"] }\n'), /shared_hosts/);
  assert.match(oneError('[routing]\nshared_hosts = { "a.example" = ["Shop"] }\n'), /shared_hosts/);
});
