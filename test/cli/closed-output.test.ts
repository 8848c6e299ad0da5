// `mypaas … | head`: a reader that goes away early ends the CLI quietly, whatever the command.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { CLOSED_OUTPUT_STATUS } from '../../src/cli/closed-output.js';
import { recordAudit } from '../../src/daemon/state/audit-log.js';
import { openDatabase } from '../../src/daemon/state/open-database.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/mypaas.js');

/** Runs `mypaas ...args` with the read end of `closed` shut before it writes a byte. */
async function withClosed(home: string, closed: 'stdout' | 'stderr', args: string[]) {
  const child = execa('node', [bin, ...args], {
    reject: false,
    stdin: 'ignore',
    env: { MYPAAS_HOME: home, NO_COLOR: '1' },
  });
  child[closed]?.destroy();
  const result = await child;
  return { exitCode: result.exitCode, other: closed === 'stdout' ? String(result.stderr) : '' };
}

test('a closed stdout or stderr ends every command quietly, with no stack trace', async (t) => {
  const home = await mkdtemp(join(tmpdir(), 'mypaas-home-'));
  t.after(() => rm(home, { recursive: true, force: true }));
  const db = openDatabase(join(home, 'mypaas.db'));
  for (let i = 0; i < 2000; i += 1) {
    recordAudit(db, {
      keyName: 'alice',
      fingerprint: null,
      command: 'env set',
      target: `web${i} (production)`,
      outcome: 'ok',
      detail: 'set A',
    });
  }
  db.close();
  const cases: ['stdout' | 'stderr', string[]][] = [
    ['stdout', ['--help']],
    ['stdout', ['server', 'audit', '--help']],
    ['stdout', ['logs', '--help']],
    ['stdout', ['parse', join(root, 'examples/hello')]],
    ['stdout', ['server', 'audit', '--limit', '2000']],
    ['stdout', ['server', 'audit', '--limit', '2000', '--json']],
    ['stderr', ['no-such-command']],
    ['stderr', ['server', 'logs', 'web', '--tail', 'x']],
  ];
  for (const [closed, args] of cases) {
    const result = await withClosed(home, closed, args);
    const what = `mypaas ${args.join(' ')} with ${closed} closed`;
    assert.doesNotMatch(result.other, /EPIPE|Error|\n +at /, `${what}: ${result.other}`);
    // No reader for stdout: stop as `cat` does on SIGPIPE. No stderr: the command's own status.
    const open = await execa('node', [bin, ...args], { reject: false, env: { MYPAAS_HOME: home } });
    const expected = closed === 'stdout' ? [0, CLOSED_OUTPUT_STATUS] : [open.exitCode];
    assert.ok(expected.includes(result.exitCode), `${what}: exit ${result.exitCode}`);
  }
});
