// [deploy] init: Docker's init runs as PID 1 and hands SIGTERM on, so an app that ignores it (here
// `exec httpd`) stops on the signal (exit 143) instead of being killed after stop_timeout (137).
// Exit codes, not durations: the outcome does not depend on the machine's speed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { stopService } from '../../../src/daemon/service-control.js';
import { deployFixture, request, type DeployFixture } from './fixture.js';
import { bodies } from './serving.js';

const SIGTERM_EXIT = 128 + 15;
const SIGKILL_EXIT = 128 + 9;

async function deployAndStop(
  f: DeployFixture,
  name: string,
  directives: string[],
): Promise<{ init: boolean | undefined; exitCode: number }> {
  const service = f.service(name);
  const dir = await f.app(service, { kind: 'deaf', scale: 2, directives });
  const deployed = await deployDirectory(f.engine, request(dir), silentOutput);
  assert.deepEqual(await bodies(deployed.containers), [
    'version=v1 greeting=',
    'version=v1 greeting=',
  ]);
  await stopService(f.engine, service, 'production', silentOutput);
  const codes = new Set<number>();
  let init: boolean | undefined;
  for (const c of deployed.containers) {
    const info = await f.docker.getContainer(c.id).inspect();
    assert.equal(info.State.Running, false);
    codes.add(info.State.ExitCode);
    init = info.HostConfig.Init ?? undefined;
  }
  assert.equal(codes.size, 1, `every replica stopped the same way: ${[...codes].join(', ')}`);
  return { init, exitCode: [...codes][0] ?? -1 };
}

test('by default app containers run with an init, so an app deaf to SIGTERM stops on it', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  assert.deepEqual(await deployAndStop(f, 'deaf', []), { init: true, exitCode: SIGTERM_EXIT });
});

test('# mypaas.init=false runs the image as it is: the deaf app is killed after stop_timeout', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  assert.deepEqual(await deployAndStop(f, 'own-init', ['init=false']), {
    init: false,
    exitCode: SIGKILL_EXIT,
  });
});

test('[deploy] init = false turns it off for every app; # mypaas.init=true turns it back on', async (t) => {
  const f = await deployFixture(t, 'init = false');
  if (!f) return;
  assert.deepEqual(await deployAndStop(f, 'off', []), { init: false, exitCode: SIGKILL_EXIT });
  assert.deepEqual(await deployAndStop(f, 'on', ['init=true']), {
    init: true,
    exitCode: SIGTERM_EXIT,
  });
});
