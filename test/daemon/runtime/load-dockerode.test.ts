// dockerode without gRPC at load: the BuildKit-session module stands in until it is called, and
// then the real one runs. (Each test file runs in its own process, so the cache starts empty.)
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { loadDockerode } from '../../../src/daemon/runtime/load-dockerode.js';

const require = createRequire(import.meta.url);
const loaded = (pattern: RegExp) => Object.keys(require.cache).some((path) => pattern.test(path));

test('dockerode loads without gRPC, and the session module loads when it is called', async () => {
  const Docker = loadDockerode();
  assert.equal(typeof Docker, 'function');
  assert.equal(typeof new Docker().listContainers, 'function');
  assert.equal(loaded(/@grpc|protobufjs/), false, 'no gRPC yet');

  const session = require.resolve('dockerode/lib/session.js');
  const standIn = require.cache[session]?.exports as (...args: unknown[]) => void;
  // The real withSession dials the engine first; this engine refuses at once.
  const modem = {
    dial: (_opts: unknown, done: (err: Error) => void) => done(new Error('no engine')),
  };
  const failure = await new Promise<unknown>((resolve) => standIn({ modem }, {}, resolve));
  assert.match(String(failure), /no engine/);
  assert.equal(loaded(/@grpc\/grpc-js/), true, 'the real session module ran');
  assert.notEqual(require.cache[session]?.exports, standIn, 'and replaced the stand-in');
  assert.equal(loadDockerode(), Docker, 'loading again gives the same class');
});
