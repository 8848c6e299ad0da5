// A host+path has one (service, env); a host belongs to whoever claimed it first unless shared;
// every spelling of one address is one claim.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MypaasError } from '../../../src/core/errors.js';
import { normalisePath, normaliseRouteUrl } from '../../../src/core/route-url.js';
import { assertUrlsAllowed } from '../../../src/daemon/routing/assert-urls-allowed.js';
import {
  allowedUrls,
  claimKey,
  findUrlRefusals,
  type UrlClaim,
} from '../../../src/daemon/routing/url-claims.js';

const shop: UrlClaim = {
  service: 'shop',
  env: 'production',
  urls: ['https://example.com', 'https://example.com/api'],
  since: { 'example.com': 3 },
};
const blog: UrlClaim = {
  service: 'blog',
  env: 'production',
  urls: ['http://blog.example.com'],
  since: { 'blog.example.com': 5 },
};
const claims = [shop, blog];
const refusals = (candidate: UrlClaim, shared = {}) =>
  findUrlRefusals(claims, candidate, shared).map((r) => [r.kind, r.url, r.owner.service]);

test('one address, many spellings: case, trailing dot, punycode, slashes, escapes', () => {
  const same = [
    'https://a.example/login',
    'http://A.Example./login/',
    'https://a.example//login',
    'https://a.example/%6cogin',
    'https://a.example/%6Cogin//',
  ];
  assert.deepEqual(new Set(same.map(claimKey)), new Set(['a.example/login']));
  assert.equal(claimKey('https://bücher.example/'), claimKey('https://xn--bcher-kva.example'));
  assert.equal(normalisePath('/a%2fb'), '/a%2Fb', 'a reserved escape stays escaped');
  assert.equal(normaliseRouteUrl('HTTPS://Shop.Example.COM./x/'), 'https://shop.example.com/x');
});

test('the same host+path is refused whatever the scheme; oneself and other envs of it too', () => {
  assert.deepEqual(
    refusals({ service: 'api', env: 'production', urls: ['http://EXAMPLE.com./api/'] }),
    [['taken', 'http://EXAMPLE.com./api/', 'shop']],
  );
  assert.deepEqual(refusals({ ...shop, urls: ['https://example.com'] }), []);
  assert.equal(refusals({ ...shop, env: 'staging', since: {} }).length, 2);
});

test('another path on a host someone claimed first needs the host shared', () => {
  const thief = { service: 'thief', env: 'production', urls: ['https://example.com/%6cogin'] };
  assert.deepEqual(refusals(thief), [['foreign-host', 'https://example.com/%6cogin', 'shop']]);
  assert.deepEqual(refusals({ ...thief, urls: ['http://example.com./login'] }), [
    ['foreign-host', 'http://example.com./login', 'shop'],
  ]);
  assert.deepEqual(refusals(thief, { 'example.com': ['shop', 'thief'] }), []);
  assert.equal(refusals(thief, { 'example.com': ['other'] }).length, 1);
  assert.deepEqual(refusals({ ...thief, urls: ['https://thief.example.com/login'] }), []);
});

test('when sharing ends, the first claimer keeps its host and the later one loses its paths', () => {
  const guest = {
    service: 'guest',
    env: 'production',
    urls: ['https://example.com/login', 'https://guest.example'],
    since: { 'example.com': 9, 'guest.example': 9 },
  };
  const all = [...claims, guest];
  assert.deepEqual(allowedUrls(all, guest, {}), ['https://guest.example']);
  assert.deepEqual(allowedUrls(all, shop, {}), shop.urls, 'the owner is never pushed out');
  assert.deepEqual(allowedUrls(all, guest, { 'example.com': ['guest'] }), guest.urls);
});

test('assertUrlsAllowed names the owner and how an admin allows sharing', () => {
  assert.throws(
    () =>
      assertUrlsAllowed(
        claims,
        { service: 'x', env: 'production', urls: ['https://example.com', 'https://example.com/x'] },
        {},
      ),
    (err: unknown) =>
      err instanceof MypaasError &&
      err.code === 'URL_CONFLICT' &&
      err.details[0] === 'https://example.com is served by shop (production)' &&
      /belongs to shop \(production\)/.test(err.details[1] ?? '') &&
      /shared_hosts = \{ "example.com" = \["shop", "x"\] \}/.test(err.hint ?? ''),
  );
});
