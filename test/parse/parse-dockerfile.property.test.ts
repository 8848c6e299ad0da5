// Properties over generated input: the parser never throws and its answers keep their promises.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseDockerfile } from '../../src/parse/parse-dockerfile.js';
import { formatProblem } from '../../src/parse/problem.js';
import type { ParseResult } from '../../src/parse/spec.js';

const KEYS = [
  'service',
  'url',
  'volume',
  'env',
  'port',
  'publish',
  'scale',
  'maxcpu',
  'maxmem',
  'healthcheck',
];
const VALID = [
  '# mypaas.service=web',
  '# mypaas.url=https://web.example.com/api',
  '# mypaas.volume=~/data:/data:ro',
  '# mypaas.env=API_TOKEN',
  '# mypaas.env=LOG=debug',
  '# mypaas.port=3000',
  '# mypaas.scale=2',
  '# mypaas.maxcpu=1.5',
  '# mypaas.maxmem=512m',
  '# mypaas.healthcheck=/health 250ms 20s',
  'FROM debian:bookworm',
  'RUN apt-get update && \\',
  '  apt-get install -y curl',
  'EXPOSE 8080/tcp',
  'CMD ["server"]',
];

/** Lines that look like directives, with keys and values drawn from near-misses and noise. */
const directiveLine = fc
  .tuple(
    fc.constantFrom('#', ' #', '#\t', '# ', '#-- ', '##'),
    fc.oneof(fc.constantFrom(...KEYS, 'ulr', 'Service', ''), fc.string({ maxLength: 12 })),
    fc.constantFrom('=', ' = ', '', '=='),
    fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.constantFrom('"', "'x", '""', '/', '0', '-1', '1e9', '6m'),
    ),
  )
  .map(([hash, key, eq, value]) => `${hash}mypaas.${key}${eq}${value}`);

const mutatedValid = fc
  .array(fc.oneof(fc.constantFrom(...VALID), directiveLine, fc.string({ maxLength: 40 })), {
    maxLength: 30,
  })
  .chain((lines) => fc.tuple(fc.constant(lines), fc.constantFrom('\n', '\r\n', '\r')))
  .map(([lines, eol]) => lines.join(eol));

test('never throws, on arbitrary text and on mutated Dockerfiles', () => {
  fc.assert(
    fc.property(
      fc.string({ maxLength: 2000 }),
      (text) => void checkResult(text, parseDockerfile(text)),
    ),
    { numRuns: 500 },
  );
  fc.assert(
    fc.property(
      fc.string({ unit: 'grapheme', maxLength: 500 }),
      (text) => void checkResult(text, parseDockerfile(text)),
    ),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(mutatedValid, (text) => void checkResult(text, parseDockerfile(text))),
    { numRuns: 2000 },
  );
});

test('the unmutated valid lines parse, with the expected port and scale', () => {
  const result = parseDockerfile(VALID.join('\n'));
  assert.ok(result.ok, JSON.stringify(result));
  assert.equal(result.spec.port, 3000);
  assert.equal(result.spec.scale, 2);
  assert.deepEqual(result.spec.env, { API_TOKEN: null, LOG: 'debug' });
});

test('adding a non-directive line never changes the spec', () => {
  const base = parseDockerfile(VALID.join('\n'));
  fc.assert(
    fc.property(
      fc.string({ maxLength: 60 }).filter((s) => !/mypaas\.|\r|\n|^\s*(EXPOSE|FROM)|\\$/i.test(s)),
      fc.nat(VALID.length),
      (line, at) => {
        const lines = [...VALID];
        lines.splice(at, 0, line.startsWith('#') ? line : `RUN ${line}`);
        const lines2 = lines.join('\n');
        const result = parseDockerfile(lines2);
        assert.deepEqual(result, base);
      },
    ),
    { numRuns: 500 },
  );
});

function checkResult(text: string, result: ParseResult): void {
  const lineCount = text.split(/\r\n|\r|\n/).length;
  assert.ok(Array.isArray(result.warnings));
  if (result.ok) {
    assert.match(result.spec.service, /^[a-z0-9][a-z0-9_.-]{0,62}$/);
    assert.ok(
      Number.isInteger(result.spec.port) && result.spec.port >= 1 && result.spec.port <= 65535,
    );
    return;
  }
  assert.ok(result.errors.length > 0);
  for (const problem of result.errors) {
    assert.ok(problem.line === null || (problem.line >= 1 && problem.line <= lineCount));
    // A value is cut to 80 characters (JSON escapes may at most sextuple it), so messages stay short.
    assert.ok(formatProblem(problem).length < 900, formatProblem(problem));
  }
}
