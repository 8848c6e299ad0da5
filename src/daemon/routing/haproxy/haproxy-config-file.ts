// Puts a new haproxy.cfg in place only once `haproxy -c` accepts it: the master re-reads this path
// on every reload, so a config that would not start must never land there.
import { mkdir } from 'node:fs/promises';
import { execa } from 'execa';
import { MypaasError } from '../../../core/errors.js';
import { writeFileAtomic } from '../../../core/write-file-atomic.js';
import { haproxyPaths } from './haproxy-paths.js';

/** Validates `configText` with `haproxy -c` and writes it to `<home>/haproxy/haproxy.cfg`. */
export async function writeHaproxyConfig(
  home: string,
  configText: string,
  haproxyBin = 'haproxy',
): Promise<void> {
  const paths = haproxyPaths(home);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(paths.config, configText, {
    mode: 0o600,
    check: (temp) => validateConfig(temp, haproxyBin),
  });
}

/** Runs `haproxy -c -f <file>`; throws PROXY_UNAVAILABLE with HAProxy's own words when refused. */
export async function validateConfig(file: string, haproxyBin = 'haproxy'): Promise<void> {
  const result = await execa(haproxyBin, ['-c', '-f', file], { reject: false, all: true });
  if (result.exitCode === 0) return;
  if (result.code === 'ENOENT') {
    throw new MypaasError('PROXY_UNAVAILABLE', `${haproxyBin} was not found`, {
      cause: result,
      hint: 'install HAProxy (Debian: apt-get install haproxy) or choose another [proxy] driver',
    });
  }
  const output = result.all?.trim() || (result.message ?? '');
  throw new MypaasError('PROXY_UNAVAILABLE', `HAProxy refused the generated config:\n${output}`, {
    cause: result,
  });
}
