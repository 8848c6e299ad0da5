// What `server init` writes: config.toml from the example, and the systemd unit.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../../src/config/validate-config.js';
import { configuredDriver, renderInitialConfig } from '../../../src/daemon/init/initial-config.js';
import { renderSystemdUnit } from '../../../src/daemon/init/systemd-unit.js';

const example = fileURLToPath(new URL('../../../../config.example.toml', import.meta.url));

test('the initial config is the example with driver and email set, and it validates', async () => {
  const text = renderInitialConfig(await readFile(example, 'utf8'), {
    driver: 'haproxy',
    email: 'ops@example.com',
  });
  const parsed = parseConfig(text, 'config.toml', {
    home: '/home/ann/_mypaas',
    userHome: '/home/ann',
  });
  assert.ok(parsed.ok, JSON.stringify(parsed));
  assert.equal(parsed.config.proxy.driver, 'haproxy');
  assert.equal(parsed.config.proxy.email, 'ops@example.com');
  assert.equal(configuredDriver(text), 'haproxy');
  assert.equal(
    configuredDriver(await readFile(example, 'utf8')),
    undefined,
    'the example keeps the default',
  );
  assert.equal(configuredDriver('[proxy]\ndriver = "none"\n[daemon]\ndriver = "x"\n'), 'none');
});

test('the systemd unit runs the daemon with the home, restarts it, and gives deploys time to finish', () => {
  const unit = renderSystemdUnit({
    node: '/usr/bin/node',
    bin: '/usr/lib/node_modules/mypaas/bin/mypaas.js',
    home: '/root/_mypaas',
    user: 'root',
  });
  assert.match(
    unit,
    /^ExecStart=\/usr\/bin\/node --initial-heap-size=64 --max-semi-space-size=2 \/usr\/lib\/node_modules\/mypaas\/bin\/mypaas\.js server daemon$/m,
  );
  assert.match(unit, /^Environment=MYPAAS_HOME=\/root\/_mypaas$/m);
  assert.match(unit, /^Restart=always$/m);
  assert.match(unit, /^Requires=docker\.service$/m);
  assert.match(unit, /^TimeoutStopSec=300$/m);
  assert.match(unit, /^WantedBy=multi-user\.target$/m);
});
