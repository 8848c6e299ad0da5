// Runs `mypaas` as a child process against a deploy fixture's MYPAAS_HOME, as a user would.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import type { DeployFixture } from '../daemon/deploy/fixture.js';

const bin = join(fileURLToPath(new URL('../../../', import.meta.url)), 'bin/mypaas.js');

/** Starts `mypaas ...args` with the fixture's home; never rejects, read `exitCode`. */
export function mypaas(
  f: DeployFixture,
  ...args: string[]
): ResultPromise<{ reject: false; all: true }> {
  return mypaasWith(f, {}, ...args);
}

/** As `mypaas`, with more environment variables (e.g. DOCKER_HOST). */
export function mypaasWith(
  f: DeployFixture,
  env: Record<string, string>,
  ...args: string[]
): ResultPromise<{ reject: false; all: true }> {
  return execa('node', [bin, ...args], {
    reject: false,
    all: true,
    env: { MYPAAS_HOME: f.home, HOME: f.userHome, NO_COLOR: '1', ...env },
  });
}
