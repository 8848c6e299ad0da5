// Two services never claim the same host+path; other paths on one host are fine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MypaasError } from '../../../src/core/errors.js';
import {
  assertNoUrlConflicts,
  claimKey,
  findUrlConflicts,
} from '../../../src/daemon/routing/url-claims.js';

const claims = [
  { service: 'shop', env: 'production', urls: ['https://example.com', 'https://example.com/api'] },
  { service: 'blog', env: 'production', urls: ['http://blog.example.com'] },
];

test('same host and path conflict whatever the scheme; other paths and envs of oneself do not', () => {
  assert.equal(claimKey('https://Example.com'), 'example.com');
  assert.equal(claimKey('http://example.com/api'), 'example.com/api');
  const conflicts = findUrlConflicts(claims, {
    service: 'api',
    env: 'production',
    urls: ['http://example.com/api', 'https://blog.example.com', 'https://example.com/api/v2'],
  });
  assert.deepEqual(
    conflicts.map((c) => [c.url, c.owner.service]),
    [
      ['http://example.com/api', 'shop'],
      ['https://blog.example.com', 'blog'],
    ],
  );
  assert.deepEqual(
    findUrlConflicts(claims, { service: 'shop', env: 'production', urls: ['https://example.com'] }),
    [],
  );
  assert.equal(
    findUrlConflicts(claims, { service: 'shop', env: 'staging', urls: ['https://example.com'] })
      .length,
    1,
  );
});

test('assertNoUrlConflicts names every taken url and its owner', () => {
  assert.throws(
    () =>
      assertNoUrlConflicts(claims, {
        service: 'x',
        env: 'production',
        urls: ['https://example.com', 'http://blog.example.com'],
      }),
    (err: unknown) =>
      err instanceof MypaasError &&
      err.code === 'URL_CONFLICT' &&
      err.details.join('\n') ===
        'https://example.com is served by shop (production)\nhttp://blog.example.com is served by blog (production)',
  );
});
