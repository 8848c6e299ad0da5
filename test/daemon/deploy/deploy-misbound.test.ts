// An app bound to 127.0.0.1, or to another port than $PORT, fails its gate as soon as the daemon
// sees that in the container's sockets, saying so, not after the whole health timeout.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { isMypaasError } from '../../../src/core/errors.js';
import { deployDirectory } from '../../../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../../../src/daemon/deploy/deploy-output.js';
import { ensureBusyboxImage } from '../../helpers/base-images.js';
import { deployFixture, request } from './fixture.js';

test('an app that listens where no probe reaches fails fast and says where it listens', async (t) => {
  const f = await deployFixture(t);
  if (!f) return;
  const base = await ensureBusyboxImage(f.docker);
  const cases = [
    {
      name: 'loopback',
      listen: '127.0.0.1:$PORT',
      says: /listens on 127\.0\.0\.1:8080, not 0\.0\.0\.0:8080/,
    },
    {
      name: 'otherport',
      listen: '9090',
      says: /listens on \[::\]:9090, not on port 8080 \(\$PORT\)/,
    },
  ];
  for (const c of cases) {
    const service = f.service(c.name);
    const dir = join(f.home, 'apps', c.name);
    await mkdir(dir, { recursive: true });
    // Without the socket check the gate would wait the full 60 s and say only that nothing answered.
    await writeFile(
      join(dir, 'Dockerfile'),
      [
        `# mypaas.service=${service}`,
        '# mypaas.healthcheck=/ 250ms 60s',
        `FROM ${base}`,
        'RUN mkdir -p /www && echo hi > /www/index.html',
        'EXPOSE 8080',
        `CMD ["sh", "-c", "exec httpd -f -p ${c.listen} -h /www"]`,
        '',
      ].join('\n'),
    );
    await assert.rejects(deployDirectory(f.engine, request(dir), silentOutput), (err: unknown) => {
      assert.ok(isMypaasError(err), String(err));
      assert.equal(err.code, 'HEALTHCHECK_FAILED');
      assert.match(err.message, c.says);
      return true;
    });
  }
});
