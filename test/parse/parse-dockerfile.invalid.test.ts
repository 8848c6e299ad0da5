// Invalid Dockerfiles: every problem is reported with its line, key, value and a good example.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDockerfile } from '../../src/parse/parse-dockerfile.js';
import { formatProblem } from '../../src/parse/problem.js';

const svc = '# mypaas.service=app\n';
type Expected = [line: number | null, key: string, match: RegExp];

const cases: { name: string; text: string; errors: Expected[] }[] = [
  { name: 'no service', text: 'FROM scratch\n', errors: [[null, 'service', /is missing/]] },
  {
    name: 'disabled service does not count',
    text: '#--- mypaas.service=app\n',
    errors: [[null, 'service', /is missing/]],
  },
  {
    name: 'uppercase service',
    text: '# mypaas.service=MyApp\n',
    errors: [[1, 'service', /"MyApp" must be lowercase \(try "myapp"\)/]],
  },
  {
    name: 'service starting with -',
    text: '# mypaas.service=-app\n',
    errors: [[1, 'service', /must start with a letter or digit/]],
  },
  {
    name: 'service too long',
    text: `# mypaas.service=${'a'.repeat(64)}\n`,
    errors: [[1, 'service', /64 characters long/]],
  },
  {
    name: 'unknown key with a suggestion',
    text: `${svc}# mypaas.ulr=https://x.example.com\n`,
    errors: [[2, 'ulr', /Did you mean mypaas\.url\?/]],
  },
  {
    name: 'unknown key far from any known key lists them',
    text: `${svc}# mypaas.frobnicate=1\n`,
    errors: [[2, 'frobnicate', /Known keys: service, url/]],
  },
  {
    name: 'no = sign',
    text: `${svc}# mypaas.port 8080\n`,
    errors: [[2, 'port', /"8080" has no "="/]],
  },
  {
    name: 'unbalanced quote',
    text: `${svc}# mypaas.port="8080\n`,
    errors: [[2, 'port', /opening quote/]],
  },
  {
    name: 'url without scheme',
    text: `${svc}# mypaas.url=example.com\n`,
    errors: [[2, 'url', /is not a URL/]],
  },
  {
    name: 'url ftp',
    text: `${svc}# mypaas.url=ftp://example.com\n`,
    errors: [[2, 'url', /only http:\/\/ and https:\/\//]],
  },
  {
    name: 'url with port',
    text: `${svc}# mypaas.url=https://example.com:8443/\n`,
    errors: [[2, 'url', /proxy owns ports 80 and 443/]],
  },
  {
    name: 'url with query',
    text: `${svc}# mypaas.url=https://example.com/?a=1\n`,
    errors: [[2, 'url', /query string/]],
  },
  {
    name: 'url with fragment',
    text: `${svc}# mypaas.url=https://example.com/#top\n`,
    errors: [[2, 'url', /fragment/]],
  },
  {
    name: 'url with user info',
    text: `${svc}# mypaas.url=https://bob@example.com\n`,
    errors: [[2, 'url', /user info/]],
  },
  {
    name: 'url with bad host',
    text: `${svc}# mypaas.url=https://exa_mple.com\n`,
    errors: [[2, 'url', /not a valid host name/]],
  },
  {
    name: 'repeated url, after normalising',
    text: `${svc}# mypaas.url=https://example.com/\n# mypaas.url=https://EXAMPLE.com\n`,
    errors: [[3, 'url', /repeats the url "https:\/\/example.com" of line 2/]],
  },
  {
    name: 'volume relative host that is no volume name',
    text: `${svc}# mypaas.volume=./data:/data\n# mypaas.volume=Data_1:/d\n`,
    errors: [
      [2, 'volume', /an absolute host path, one starting with ~\/, or a volume name/],
      [3, 'volume', /source "Data_1"/],
    ],
  },
  {
    name: 'volume relative container',
    text: `${svc}# mypaas.volume=/srv:data\n`,
    errors: [[2, 'volume', /must be absolute/]],
  },
  {
    name: 'volume bad mode',
    text: `${svc}# mypaas.volume=/a:/b:rx\n`,
    errors: [[2, 'volume', /mode "rx"/]],
  },
  {
    name: 'volume one part',
    text: `${svc}# mypaas.volume=/a\n`,
    errors: [[2, 'volume', /SOURCE:CONTAINER/]],
  },
  {
    name: 'two volumes on one container path',
    text: `${svc}# mypaas.volume=/a:/data\n# mypaas.volume=/b:/data/\n`,
    errors: [[3, 'volume', /repeats the container path "\/data"/]],
  },
  {
    name: 'env reserved PORT',
    text: `${svc}# mypaas.env=PORT=1\n`,
    errors: [[2, 'env', /sets PORT, which mypaas sets itself/]],
  },
  {
    name: 'env reserved MYPAAS_',
    text: `${svc}# mypaas.env=MYPAAS_SERVICE\n`,
    errors: [[2, 'env', /MYPAAS_SERVICE/]],
  },
  {
    name: 'env bad name',
    text: `${svc}# mypaas.env=1ABC=x\n`,
    errors: [[2, 'env', /not starting with a digit/]],
  },
  {
    name: 'env repeated key',
    text: `${svc}# mypaas.env=A=1\n# mypaas.env=A\n`,
    errors: [[3, 'env', /repeats the variable "A" of line 2/]],
  },
  {
    name: 'port not a number',
    text: `${svc}# mypaas.port=http\n`,
    errors: [[2, 'port', /"http" is not a whole number from 1 to 65535/]],
  },
  { name: 'port 0', text: `${svc}# mypaas.port=0\n`, errors: [[2, 'port', /from 1 to 65535/]] },
  {
    name: 'port too big',
    text: `${svc}# mypaas.port=65536\n`,
    errors: [[2, 'port', /from 1 to 65535/]],
  },
  {
    name: 'single-valued key repeated',
    text: `${svc}# mypaas.port=1\n# mypaas.port=2\n`,
    errors: [[3, 'port', /given again \(first on line 2\)/]],
  },
  {
    name: 'single-valued key repeated, first one invalid: both reported',
    text: `${svc}# mypaas.scale=x\n# mypaas.scale=2\n`,
    errors: [
      [2, 'scale', /not a whole number/],
      [3, 'scale', /given again/],
    ],
  },
  {
    name: 'negative scale',
    text: `${svc}# mypaas.scale=-1\n`,
    errors: [[2, 'scale', /from 0 to 1000/]],
  },
  {
    name: 'fractional scale',
    text: `${svc}# mypaas.scale=1.5\n`,
    errors: [[2, 'scale', /whole number/]],
  },
  {
    name: 'init is true or false, nothing looser',
    text: `${svc}# mypaas.init=yes\n`,
    errors: [[2, 'init', /"yes" is not true or false/]],
  },
  {
    name: 'maxcpu zero',
    text: `${svc}# mypaas.maxcpu=0\n`,
    errors: [[2, 'maxcpu', /more than 0/]],
  },
  {
    name: 'maxcpu words',
    text: `${svc}# mypaas.maxcpu=half\n`,
    errors: [[2, 'maxcpu', /not a number of CPU cores/]],
  },
  {
    name: 'maxmem below 6 MiB',
    text: `${svc}# mypaas.maxmem=5m\n`,
    errors: [[2, 'maxmem', /below 6 MiB/]],
  },
  {
    name: 'maxmem unknown unit',
    text: `${svc}# mypaas.maxmem=5x\n`,
    errors: [[2, 'maxmem', /not a size/]],
  },
  {
    name: 'publish bad shape',
    text: `${svc}# mypaas.publish=80\n`,
    errors: [[2, 'publish', /hostPort:containerPort/]],
  },
  {
    name: 'publish bad port',
    text: `${svc}# mypaas.publish=70000:80\n`,
    errors: [[2, 'publish', /not a number from 1 to 65535/]],
  },
  {
    name: 'publish bad ip',
    text: `${svc}# mypaas.publish=300.1.1.1:80:80\n`,
    errors: [[2, 'publish', /not an IPv4 address/]],
  },
  {
    name: 'publish uneven ranges',
    text: `${svc}# mypaas.publish=1-3:1-2\n`,
    errors: [[2, 'publish', /different lengths/]],
  },
  {
    name: 'publish with scale > 1',
    text: `${svc}# mypaas.publish=2222:22\n# mypaas.scale=2\n`,
    errors: [[2, 'publish', /cannot be used with scale 2/]],
  },
  {
    name: 'publish twice on one host port',
    text: `${svc}# mypaas.publish=2222:22\n# mypaas.publish=0.0.0.0:2222:23\n`,
    errors: [[3, 'publish', /repeats the host port/]],
  },
  {
    name: 'healthcheck without /',
    text: `${svc}# mypaas.healthcheck=healthz\n`,
    errors: [[2, 'healthcheck', /must start with \//]],
  },
  {
    name: 'healthcheck bad interval',
    text: `${svc}# mypaas.healthcheck=/ fast\n`,
    errors: [[2, 'healthcheck', /interval "fast"/]],
  },
  {
    name: 'healthcheck bad timeout',
    text: `${svc}# mypaas.healthcheck=/ 1s 10\n`,
    errors: [[2, 'healthcheck', /timeout "10"/]],
  },
  {
    name: 'healthcheck interval > timeout',
    text: `${svc}# mypaas.healthcheck=/ 1m 10s\n`,
    errors: [[2, 'healthcheck', /interval longer than its timeout/]],
  },
  {
    name: 'healthcheck too many words',
    text: `${svc}# mypaas.healthcheck=/ 1s 2s 3s\n`,
    errors: [[2, 'healthcheck', /more than PATH/]],
  },
  {
    name: 'long values are cut to 80 characters',
    text: `${svc}# mypaas.port=${'9'.repeat(200)}\n`,
    errors: [[2, 'port', new RegExp(`"${'9'.repeat(79)}…" is not`)]],
  },
];

test('invalid Dockerfiles report every problem with line, key, value and example', async (t) => {
  for (const c of cases) {
    await t.test(c.name, () => {
      const result = parseDockerfile(c.text);
      assert.equal(result.ok, false, 'expected errors');
      if (result.ok) return;
      const shown = result.errors.map(formatProblem);
      assert.equal(result.errors.length, c.errors.length, shown.join('\n'));
      c.errors.forEach(([line, key, match], i) => {
        const problem = result.errors[i];
        assert.equal(problem?.line, line, shown[i]);
        assert.equal(problem?.key, key, shown[i]);
        assert.match(problem?.message ?? '', match);
        if (key !== 'frobnicate') assert.match(problem?.message ?? '', /Example: # mypaas\.\w+=/);
        assert.ok(
          shown[i]?.startsWith(line === null ? 'Dockerfile: ' : `line ${line}: mypaas.${key} `),
        );
      });
    });
  }
});

test('all problems of a broken Dockerfile are collected, in line order', () => {
  const text = [
    '# mypaas.ulr=https://x.example.com',
    '# mypaas.port=abc',
    'FROM scratch',
    '# mypaas.scale=-2',
    '# mypaas.maxmem=1k',
    '# mypaas.url=ftp://x',
  ].join('\n');
  const result = parseDockerfile(text);
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(
    result.errors.map((e) => [e.line, e.key]),
    [
      [null, 'service'],
      [1, 'ulr'],
      [2, 'port'],
      [4, 'scale'],
      [5, 'maxmem'],
      [6, 'url'],
    ],
  );
});
