// A service whose deploys all failed is on the host like any other: status shows why, logs show
// its deployment log, rm removes its images; an unknown name fails everywhere with a suggestion.
import assert from 'node:assert/strict';
import test from 'node:test';
import { deployDirectory } from '../../src/daemon/deploy/deploy-directory.js';
import { deployRelease } from '../../src/daemon/deploy/deploy-release.js';
import { silentOutput } from '../../src/daemon/deploy/deploy-output.js';
import { readDeploymentLog } from '../../src/daemon/deploy/read-deployment-log.js';
import { envApplyNote } from '../../src/daemon/env-apply-note.js';
import { requireKnown } from '../../src/daemon/known-service.js';
import { removeService, startService, stopService } from '../../src/daemon/service-control.js';
import { serviceLogs } from '../../src/daemon/service-logs.js';
import { serviceStatuses } from '../../src/daemon/service-status.js';
import { listDeployments } from '../../src/daemon/state/deployments.js';
import { setEnvVars } from '../../src/daemon/state/env-vars.js';
import { listReleases } from '../../src/daemon/state/releases.js';
import { deployFixture, request } from './deploy/fixture.js';

const read = { follow: false, signal: new AbortController().signal, listHint: 'deployments' };

test('a service that never went live is shown, its log read, and rm removes its images', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const web = f.service('web');
  const dir = await f.app(web, { kind: 'crash' });
  for (let i = 0; i < 2; i++) {
    await assert.rejects(deployDirectory(f.engine, request(dir), silentOutput), {
      code: 'HEALTHCHECK_FAILED',
    });
  }
  const [first] = listReleases(f.engine.db, web, 'production');
  assert.ok(first, 'the builds were recorded');
  assert.ok(await f.engine.runtime.imageExists(first.image), 'and their images kept');

  const [status, ...others] = await serviceStatuses(f.engine, web);
  assert.equal(others.length, 0);
  assert.equal(status?.state, 'failed');
  assert.equal(status?.deployment, null);
  assert.equal(status?.lastDeployment?.status, 'failed');
  assert.match(status?.lastDeployment?.error ?? '', /exited with code 3/);

  const lines: string[] = [];
  const warnings: string[] = [];
  const logs = { ...read, warn: (w: string) => warnings.push(w) };
  await serviceLogs(f.engine, web, 'production', logs, (line) => lines.push(line));
  assert.match(warnings.join('\n'), /is not live; the log of its last deployment #\d+ \(failed\)/);
  assert.ok(
    lines.some((l) => l.includes('fatal: DATABASE_URL is not set')),
    lines.join('\n'),
  );

  await assert.rejects(stopService(f.engine, web, 'production', silentOutput), {
    code: 'SERVICE_NOT_LIVE',
  });
  await assert.rejects(startService(f.engine, web, 'production', silentOutput), {
    code: 'SERVICE_NOT_LIVE',
  });
  const redeploy = { service: web, env: 'production', actor: 't', trigger: 'redeploy' as const };
  await assert.rejects(
    deployRelease(f.engine, { ...redeploy, choice: { kind: 'live' } }, silentOutput),
    {
      code: 'SERVICE_NOT_LIVE',
    },
  );
  assert.match(envApplyNote(f.engine.db, web, 'production') ?? '', /is not live/);

  await removeService(f.engine, web, 'production', silentOutput);
  for (const r of listReleases(f.engine.db, web, 'production')) {
    assert.equal(await f.engine.runtime.imageExists(r.image), false, `${r.image} removed`);
  }
  await assert.rejects(serviceStatuses(f.engine, web), {
    code: 'SERVICE_NOT_FOUND',
    message: /was removed from this host/,
  });
  assert.equal(listDeployments(f.engine.db, web).length, 2, 'history is kept without --purge');
  await removeService(f.engine, web, 'production', silentOutput, { purge: true });
  assert.equal(listDeployments(f.engine.db, web).length, 0, '--purge forgets it');
  assert.throws(() => requireKnown(f.engine.db, web, 'production'), { code: 'SERVICE_NOT_FOUND' });
});

test('an unknown service is SERVICE_NOT_FOUND everywhere, naming the nearest one', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const web = f.service('web');
  await deployDirectory(f.engine, request(await f.app(web)), silentOutput);
  const typo = f.service('wbe');
  const meant = { code: 'SERVICE_NOT_FOUND', hint: `did you mean ${web}?` };
  await assert.rejects(serviceStatuses(f.engine, typo), meant);
  const logs = { ...read, warn: () => {} };
  await assert.rejects(
    serviceLogs(f.engine, typo, 'production', logs, () => {}),
    meant,
  );
  await assert.rejects(
    readDeploymentLog(f.engine.db, typo, 1, read, () => {}),
    meant,
  );
  await assert.rejects(stopService(f.engine, typo, 'production', silentOutput), meant);
  await assert.rejects(startService(f.engine, typo, 'production', silentOutput), meant);
  await assert.rejects(removeService(f.engine, typo, 'production', silentOutput), meant);
  for (const choice of [{ kind: 'live' }, { kind: 'previous' }] as const) {
    const again = { service: typo, env: 'production', choice, trigger: 'rollback' as const };
    await assert.rejects(deployRelease(f.engine, { ...again, actor: 't' }, silentOutput), meant);
  }
  assert.throws(() => requireKnown(f.engine.db, typo, 'production'), meant);
  // Another environment of a known service: says where it runs.
  await assert.rejects(stopService(f.engine, web, 'staging', silentOutput), {
    code: 'SERVICE_NOT_FOUND',
    hint: `${web} runs in production: add --env production`,
  });
  // A name the caller may not know of is not suggested.
  await assert.rejects(serviceStatuses(f.engine, typo, { visible: (s) => s !== web }), {
    code: 'SERVICE_NOT_FOUND',
    hint: 'status lists the services on this host',
  });

  // Env set before a first deploy is allowed, and known from then on.
  const next = f.service('next');
  assert.match(envApplyNote(f.engine.db, next, 'production') ?? '', /has no deployment yet/);
  setEnvVars(f.engine.db, next, 'production', { A: '1' });
  assert.equal(requireKnown(f.engine.db, next, 'production').length, 1);
  assert.equal(envApplyNote(f.engine.db, web, 'production'), null, 'live: a redeploy applies it');
});
