// Env resolution and the volume policy: what a deploy refuses before anything starts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveEnv } from '../../../src/daemon/deploy/resolve-env.js';
import { checkVolumes } from '../../../src/daemon/deploy/volume-policy.js';
import { MypaasError } from '../../../src/core/errors.js';
import type { ServiceSpec } from '../../../src/parse/spec.js';

const spec = {
  service: 'web',
  env: { A: '1', SECRET: null, OTHER: null, B: 'dockerfile' },
} as unknown as ServiceSpec;

test('env: Dockerfile values, secrets for bare keys, server env overrides everything', () => {
  const vars = resolveEnv(spec, {
    secrets: { SECRET: plain('s3'), OTHER: plain('o') },
    overrides: { B: 'override', EXTRA: 'x' },
    configFile: '/h/config.toml',
    confined: false,
  });
  assert.deepEqual(vars, { A: '1', SECRET: 's3', OTHER: 'o', B: 'override', EXTRA: 'x' });
});

test('env: every missing secret is named at once, with the config file, and no value is shown', () => {
  assert.throws(
    () =>
      resolveEnv(spec, {
        secrets: { UNRELATED: plain('hunter2') },
        overrides: {},
        configFile: '/h/config.toml',
        confined: false,
      }),
    (err: unknown) => {
      assert.ok(err instanceof MypaasError);
      assert.equal(err.code, 'SECRET_MISSING');
      assert.match(err.message, /SECRET, OTHER from \/h\/config\.toml \[env\]/);
      assert.ok(!`${err.message}${err.hint}`.includes('hunter2'));
      return true;
    },
  );
  const viaOverride = resolveEnv(spec, {
    secrets: { SECRET: plain('s') },
    overrides: { OTHER: 'set' },
    configFile: 'c',
    confined: false,
  });
  assert.equal(viaOverride['OTHER'], 'set');
});

test('env: a confined service reads granted secrets only; ungranted ones are named, never shown', () => {
  const secrets = {
    SECRET: plain('plain-VALUE-1'),
    OTHER: { value: 'granted-VALUE-2', services: ['api'] },
    MINE: { value: 'mine-VALUE-3', services: ['web'] },
  };
  const mine = { service: 'web', env: { MINE: null } } as unknown as ServiceSpec;
  const sources = { secrets, overrides: {}, configFile: '/h/config.toml' };
  assert.deepEqual(resolveEnv(mine, { ...sources, confined: true }), { MINE: 'mine-VALUE-3' });
  assert.deepEqual(resolveEnv(mine, { ...sources, confined: false }), { MINE: 'mine-VALUE-3' });
  // An admin-only service reads plain keys, but a grant to others is not one to it.
  assert.throws(
    () => resolveEnv(spec, { ...sources, confined: false }),
    (err: unknown) => err instanceof MypaasError && err.code === 'SECRET_NOT_GRANTED',
  );
  assert.throws(
    () => resolveEnv(spec, { ...sources, confined: true }),
    (err: unknown) => {
      assert.ok(err instanceof MypaasError);
      assert.equal(err.code, 'SECRET_NOT_GRANTED');
      assert.match(err.message, /^web may not read SECRET, OTHER from \/h\/config\.toml \[env\]/);
      assert.match(err.details.join('\n'), /SECRET: a plain key.*\[env\.SECRET\]/);
      assert.match(
        err.details.join('\n'),
        /OTHER: granted to api; add "web".*services = \["api", "web"\]/,
      );
      assert.match(err.hint ?? '', /services = \["web"\]/);
      assert.doesNotMatch(JSON.stringify([err.message, err.details, err.hint]), /VALUE/);
      return true;
    },
  );
  // A server env value for the key is not a secret read, so it is no reason to refuse.
  const overridden = { ...sources, overrides: { SECRET: 'own', OTHER: 'own' }, confined: true };
  assert.deepEqual(resolveEnv(spec, overridden), {
    A: '1',
    B: 'dockerfile',
    SECRET: 'own',
    OTHER: 'own',
  });
});

test('volumes: allowed roots, never host secrets or a parent of them', () => {
  const policy = {
    allowedRoots: ['/home/ann/_mypaas/volumes', '/home/ann', '/srv'],
    home: '/home/ann/_mypaas',
    userHome: '/home/ann',
  };
  const ok = checkVolumes(
    [
      { host: '~/data/app', container: '/data', readOnly: false },
      { host: '/home/ann/_mypaas/volumes/db', container: '/db', readOnly: false },
      { host: '/srv/x/../y', container: '/y', readOnly: true },
    ],
    policy,
  );
  assert.deepEqual(
    ok.map((v) => v.host),
    ['/home/ann/data/app', '/home/ann/_mypaas/volumes/db', '/srv/y'],
  );
  const refused = [
    '/',
    '/etc',
    '/etc/ssl',
    '/var/run/docker.sock',
    '/var/run',
    '~/.ssh',
    '~/',
    '/home/ann/_mypaas',
    '/home/ann/_mypaas/config.toml',
    '/opt/data',
    '/srv/../etc',
  ];
  for (const host of refused) {
    assert.throws(
      () => checkVolumes([{ host, container: '/x', readOnly: false }], policy),
      (err: unknown) => err instanceof MypaasError && err.code === 'VOLUME_NOT_ALLOWED',
      host,
    );
  }
  assert.throws(
    () =>
      checkVolumes(
        [
          { host: '/etc', container: '/a', readOnly: false },
          { host: '/opt', container: '/b', readOnly: false },
        ],
        policy,
      ),
    (err: unknown) => err instanceof MypaasError && err.details.length === 2,
  );
});

function plain(value: string): { value: string; services: null } {
  return { value, services: null };
}
