// `server init` keeps the daemon running: a systemd unit where systemd runs, else a background
// process (containers, CI machines), and says which.
import { readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { execa } from 'execa';
import { MypaasError } from '../../core/errors.js';
import { daemonFiles, startBackgroundDaemon } from './background-daemon.js';
import { hasSystemd, renderSystemdUnit, UNIT_PATH } from './systemd-unit.js';

/** How to start mypaas itself: this node and this package's bin. */
export interface Program {
  node: string;
  bin: string;
}

/** Makes sure the daemon runs; returns what it changed, in words. */
export async function setupDaemon(home: string, program: Program): Promise<string[]> {
  if (!hasSystemd()) {
    const { pid, started } = await startBackgroundDaemon({ home, ...program });
    if (!started) return [];
    const { logFile } = daemonFiles(home);
    return [`no systemd here: started the daemon in the background (pid ${pid}, log ${logFile})`];
  }
  const unit = renderSystemdUnit({ ...program, home, user: userInfo().username });
  const before = await readFile(UNIT_PATH, 'utf8').catch(() => undefined);
  const changes: string[] = [];
  if (before !== unit) {
    await writeFile(UNIT_PATH, unit).catch((cause: unknown) => {
      throw new MypaasError('PERMISSION_DENIED', `cannot write ${UNIT_PATH}`, {
        cause,
        hint: 'run mypaas server init as root (sudo) so it can install the systemd unit',
      });
    });
    await execa('systemctl', ['daemon-reload']);
    changes.push(`wrote ${UNIT_PATH}`);
  }
  const active = await execa('systemctl', ['is-active', '--quiet', 'mypaas'], { reject: false });
  if (active.exitCode !== 0 || before !== unit) {
    await execa('systemctl', ['enable', 'mypaas']);
    await execa('systemctl', [active.exitCode === 0 ? 'restart' : 'start', 'mypaas']);
    changes.push('enabled and started mypaas.service');
  }
  return changes;
}
