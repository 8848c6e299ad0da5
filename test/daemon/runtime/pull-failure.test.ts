// Which raw Docker failures after a FROM step are told as an unpullable base image, and how.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describePullFailure } from '../../../src/daemon/runtime/pull-failure.js';

const LOOKUP =
  'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.0.0.53:53: no such host';

test('describePullFailure: unreachable registry, unknown image, and everything else', () => {
  const unreachable = describePullFailure('Step 1/2 : FROM node:22 AS build', LOOKUP);
  assert.match(
    unreachable?.message ?? '',
    /^the base image node:22 is not on this host and no registry answered/,
  );
  assert.match(unreachable?.hint ?? '', /registry-mirrors/);
  const platform = describePullFailure('Step 3/4 : FROM --platform=linux/amd64 alpine', LOOKUP);
  assert.match(platform?.message ?? '', /base image alpine /);
  const unknown = describePullFailure(
    'Step 1/1 : FROM nosuch/thing',
    'pull access denied for nosuch/thing, repository does not exist or may require docker login',
  );
  assert.match(unknown?.message ?? '', /the registry has no such image/);
  assert.match(unknown?.hint ?? '', /docker login/);
  assert.equal(
    describePullFailure('Step 2/2 : RUN make', LOOKUP),
    null,
    'a RUN step that went online',
  );
  assert.equal(describePullFailure('Step 1/1 : FROM x', 'exit code 2'), null);
  assert.equal(describePullFailure(undefined, LOOKUP), null);
});
