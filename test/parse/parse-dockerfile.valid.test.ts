// Valid Dockerfiles: each case is a Dockerfile and the parts of the spec it must produce.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../src/parse/parse-dockerfile.js';
import type { ServiceSpec } from '../../src/parse/spec.js';

const svc = '# mypaas.service=app\n';

const cases: { name: string; text: string; spec: Partial<ServiceSpec>; warnings?: RegExp[] }[] = [
  {
    name: 'minimal: only the service, defaults everywhere',
    text: 'FROM scratch\n# mypaas.service=app\n',
    spec: {
      service: 'app',
      urls: [],
      port: 80,
      scale: null,
      volumes: [],
      env: {},
      publish: [],
      maxcpu: null,
      maxmem: null,
      healthcheck: null,
      init: null,
    },
  },
  { name: 'tab after #', text: '#\tmypaas.service=app\n', spec: { service: 'app' } },
  { name: 'no blank after #', text: '#mypaas.service=app\n', spec: { service: 'app' } },
  { name: 'indented directive', text: '   \t# mypaas.service=app\n', spec: { service: 'app' } },
  { name: 'blanks around =', text: '# mypaas.service =  app  \n', spec: { service: 'app' } },
  { name: 'double quotes', text: '# mypaas.service="app"\n', spec: { service: 'app' } },
  { name: 'single quotes', text: "# mypaas.service='app'\n", spec: { service: 'app' } },
  {
    name: 'quotes keep inner blanks of env values',
    text: `${svc}# mypaas.env="GREETING=  hi there "\n`,
    spec: { env: { GREETING: '  hi there ' } },
  },
  {
    name: 'CRLF line endings',
    text: '# mypaas.service=app\r\n# mypaas.port=8080\r\nEXPOSE 9000\r\n',
    spec: { service: 'app', port: 8080 },
  },
  {
    name: 'lone CR line endings',
    text: '# mypaas.service=app\r# mypaas.scale=2\r',
    spec: { scale: 2 },
  },
  {
    name: 'disabled directives are ignored',
    text: `${svc}#--- mypaas.url=https://off.example.com\n#x mypaas.port=1\n## mypaas.scale=9\n`,
    spec: { urls: [], port: 80, scale: null },
  },
  {
    name: 'directive inside a multi-line RUN still counts (Docker drops comment lines there)',
    text: `FROM scratch\nRUN echo a && \\\n  # mypaas.service=app\n  echo b\n`,
    spec: { service: 'app' },
  },
  {
    name: 'url: host lowercased, trailing slash dropped, root path dropped',
    text: `${svc}# mypaas.url=HTTPS://Example.COM/Api/\n# mypaas.url=http://example.com/\n`,
    spec: { urls: ['https://example.com/Api', 'http://example.com'] },
  },
  {
    name: 'url: several, in file order',
    text: `${svc}# mypaas.url=https://a.example.com\n# mypaas.url=https://b.example.com/x/y\n`,
    spec: { urls: ['https://a.example.com', 'https://b.example.com/x/y'] },
  },
  {
    name: 'volume: ~/ host, read-only flag, trailing slashes trimmed',
    text: `${svc}# mypaas.volume=~/data/:/var/data/:ro\n# mypaas.volume=/srv/x:/x:rw\n`,
    spec: {
      volumes: [
        { host: '~/data', container: '/var/data', readOnly: true },
        { host: '/srv/x', container: '/x', readOnly: false },
      ],
    },
  },
  {
    name: 'volume: a named Docker volume',
    text: `${svc}# mypaas.volume=data:/var/lib/data\n# mypaas.volume=cache-2:/cache:ro\n`,
    spec: {
      volumes: [
        { host: 'data', container: '/var/lib/data', readOnly: false },
        { host: 'cache-2', container: '/cache', readOnly: true },
      ],
    },
  },
  {
    name: 'env: values, bare keys and = inside values',
    text: `${svc}# mypaas.env=A=1\n# mypaas.env=SECRET\n# mypaas.env=URL=postgres://u@h/db?x=1\n# mypaas.env=EMPTY=\n`,
    spec: { env: { A: '1', SECRET: null, URL: 'postgres://u@h/db?x=1', EMPTY: '' } },
  },
  { name: 'port from the directive', text: `${svc}# mypaas.port=3000\n`, spec: { port: 3000 } },
  {
    name: 'port from EXPOSE with protocol',
    text: `${svc}FROM scratch\nexpose 8080/tcp 9090\n`,
    spec: { port: 8080 },
  },
  {
    name: 'port from the first EXPOSE of the last stage',
    text: `${svc}FROM a AS build\nEXPOSE 1111\nFROM b\nEXPOSE 2222\nEXPOSE 3333\n`,
    spec: { port: 2222 },
  },
  {
    name: 'EXPOSE inside a RUN continuation is not an instruction',
    text: `${svc}FROM b\nRUN echo \\\n  EXPOSE 1234\nEXPOSE 4321\n`,
    spec: { port: 4321 },
  },
  {
    name: 'continuation lines starting with && or blank lines in between stay in their RUN',
    text: `${svc}FROM b\nRUN a \\\n  && b \\\n\n  # note\n  && c \\\n  EXPOSE 1\nEXPOSE 4321\n`,
    spec: { port: 4321 },
  },
  {
    name: 'unusable EXPOSE falls back to 80 with a warning',
    text: `${svc}FROM b\nEXPOSE $PORT\n`,
    spec: { port: 80 },
    warnings: [/line 3: EXPOSE \$PORT/],
  },
  {
    name: 'publish with scale 1, ranges and udp',
    text: `${svc}# mypaas.scale=1\n# mypaas.publish=127.0.0.1:2222:22\n# mypaas.publish=6000-6002:7000-7002/udp\n`,
    spec: { scale: 1, publish: ['127.0.0.1:2222:22', '6000-6002:7000-7002/udp'] },
  },
  { name: 'scale 0', text: `${svc}# mypaas.scale=0\n`, spec: { scale: 0 } },
  {
    name: 'init off for an image with its own',
    text: `${svc}# mypaas.init=false\n`,
    spec: { init: false },
  },
  {
    name: 'init on',
    text: `${svc}# mypaas.init=true\n`,
    spec: { init: true },
  },
  {
    name: 'maxcpu and maxmem units',
    text: `${svc}# mypaas.maxcpu=0.5\n# mypaas.maxmem=1.5G\n`,
    spec: { maxcpu: 0.5, maxmem: 1610612736 },
  },
  {
    name: 'maxmem 300MB',
    text: `${svc}# mypaas.maxmem=300MB\n`,
    spec: { maxmem: 300 * 1024 ** 2 },
  },
  { name: 'maxmem in k', text: `${svc}# mypaas.maxmem=8192k\n`, spec: { maxmem: 8 * 1024 ** 2 } },
  {
    name: 'healthcheck path only gets default interval and timeout',
    text: `${svc}# mypaas.healthcheck=/healthz\n`,
    spec: { healthcheck: { path: '/healthz', intervalMs: 250, timeoutMs: 30000 } },
  },
  {
    name: 'healthcheck with interval and timeout',
    text: `${svc}# mypaas.healthcheck="/up?full=1 500ms 2m"\n`,
    spec: { healthcheck: { path: '/up?full=1', intervalMs: 500, timeoutMs: 120000 } },
  },
  {
    name: 'empty value is a warning and is ignored',
    text: `${svc}# mypaas.url=\n# mypaas.port=""\n`,
    spec: { urls: [], port: 80 },
    warnings: [/line 2: mypaas.url has an empty value/, /line 3: mypaas.port has an empty value/],
  },
  {
    name: 'service names with dots, dashes and underscores, 63 chars',
    text: `# mypaas.service=a.b-c_d${'x'.repeat(56)}\n`,
    spec: { service: `a.b-c_d${'x'.repeat(56)}` },
  },
];

test('valid Dockerfiles produce the expected spec', async (t) => {
  for (const c of cases) {
    await t.test(c.name, () => {
      const result = parseDockerfile(c.text);
      assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
      for (const [key, value] of Object.entries(c.spec)) {
        assert.deepEqual(result.spec[key as keyof ServiceSpec], value, key);
      }
      assert.equal(result.warnings.length, c.warnings?.length ?? 0, result.warnings.join('\n'));
      c.warnings?.forEach((w, i) => assert.match(result.warnings[i] ?? '', w));
    });
  }
});
