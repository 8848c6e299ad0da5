// The pebble helper itself: its directory answers over TLS trusting only the throwaway API CA, and
// its management API hands out the root it issues under.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { freePort } from './free-port.js';
import { getText, startPebble } from './pebble.js';

void test('pebble serves its ACME directory on loopback and tells its issuing root', async (t) => {
  const pebble = await startPebble(t, { httpPort: await freePort() });
  const ca = await readFile(pebble.apiRootFile, 'utf8');
  const directory = JSON.parse(await getText(pebble.directoryUrl, ca)) as Record<string, string>;
  assert.match(directory.newOrder ?? '', /^https:\/\/127\.0\.0\.1:\d+\//);
  assert.match(await pebble.issuingRoot(), /^-----BEGIN CERTIFICATE-----/);
  await assert.rejects(getText(pebble.directoryUrl, ''), 'the API is not trusted without its CA');
});
