// Public key parsing and fingerprints, checked against ssh-keygen on keys it made.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { isMypaasError } from '../../src/core/errors.js';
import { parsePublicKey, publicKeyFromBlob } from '../../src/core/ssh-keys.js';
import { makeKey } from '../daemon/ssh/daemon-fixture.js';

async function keygen(dir: string, name: string, type: string, bits?: number) {
  const key = await makeKey(dir, name, type, bits, `${name} comment`);
  return {
    ...key,
    text: await readFile(key.publicFile, 'utf8'),
    privateText: await readFile(key.privateFile, 'utf8'),
  };
}

test('fingerprint, bits and type match ssh-keygen -lf for every accepted key type', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-keygen-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const cases = [
    ['ed25519', undefined],
    ['ecdsa', 256],
    ['ecdsa', 384],
    ['ecdsa', 521],
    ['rsa', 2048],
    ['rsa', 3072],
  ] as const;
  for (const [type, bits] of cases) {
    const made = await keygen(dir, `${type}-${bits ?? 'default'}`, type, bits);
    const key = parsePublicKey(made.text);
    assert.equal(key.fingerprint, made.fingerprint, `${type} ${bits}`);
    assert.equal(key.bits, made.bits, `${type} ${bits}`);
    assert.equal(key.label, made.label, `${type} ${bits}`);
    assert.equal(key.comment, `${type}-${bits ?? 'default'} comment`);
    assert.deepEqual(publicKeyFromBlob(key.blob).fingerprint, made.fingerprint);
  }
});

test('weak, foreign and malformed keys are refused with KEY_INVALID', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mypaas-keygen-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const weak = await keygen(dir, 'weak', 'rsa', 1024);
  const good = await keygen(dir, 'good', 'ed25519');
  const rsa = await keygen(dir, 'rsa', 'rsa', 2048);
  const [, goodData = ''] = good.text.split(' ');
  const [, rsaData = ''] = rsa.text.split(' ');
  const cases: [string, string, RegExp][] = [
    ['rsa 1024', weak.text, /1024 bits is too weak/],
    ['a private key', good.privateText, /private key/],
    ['nothing', '\n# only a comment\n', /no public key/],
    ['two keys', `${good.text}${rsa.text}`, /2 keys/],
    ['dsa', `ssh-dss ${goodData}`, /not a key type/],
    ['a certificate', `ssh-ed25519-cert-v01@openssh.com ${goodData}`, /not a key type/],
    ['authorized_keys options', `command="id" ${good.text}`, /not a key type/],
    ['not base64', 'ssh-ed25519 AAAA!!!!', /not base64/],
    ['a label that lies', `ssh-ed25519 ${rsaData}`, /inside is ssh-rsa/],
    ['truncated', `ssh-ed25519 ${goodData.slice(0, 40)}`, /truncated|not valid base64/],
  ];
  for (const [what, text, message] of cases) {
    assert.throws(
      () => parsePublicKey(text),
      (err) => isMypaasError(err, 'KEY_INVALID') && message.test(err.message),
      what,
    );
  }
  const blob = parsePublicKey(good.text).blob;
  assert.throws(() => publicKeyFromBlob(Buffer.concat([blob, Buffer.from([0])])), /trailing bytes/);
});
