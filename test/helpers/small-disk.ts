// A real, tiny filesystem for tests of a full disk: a tmpfs mounted (tests run as root in CI),
// filled to the last block on demand, unmounted after the test.
import { mkdir, rm } from 'node:fs/promises';
import type { TestContext } from 'node:test';
import { execa } from 'execa';

/** Mounts tmpfs filesystems for one test; call it before any fixture whose dirs they sit in. */
export function smallDisks(t: TestContext): {
  /** Mounts a `sizeMb` tmpfs on `dir` (made if missing); false when the test was skipped. */
  mount(dir: string, sizeMb: number): Promise<boolean>;
} {
  const mounted: string[] = [];
  // Registered first, so it runs before the fixtures' cleanup removes the directories.
  t.after(async () => {
    for (const dir of mounted.reverse()) await execa('umount', ['-l', dir], { reject: false });
  });
  return {
    mount: async (dir, sizeMb) => {
      await mkdir(dir, { recursive: true });
      const done = await execa('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], {
        reject: false,
      });
      if (done.exitCode === 0) {
        mounted.push(dir);
        return true;
      }
      // As with Docker: CI must run these; elsewhere they are skipped only when asked.
      const reason = `cannot mount a tmpfs on ${dir} (tests need root): ${done.stderr}`;
      if (process.env.CI !== 'true' && process.env.MYPAAS_SKIP_MOUNT_TESTS === '1') {
        t.skip(reason);
        return false;
      }
      throw new Error(`${reason}; outside CI, MYPAAS_SKIP_MOUNT_TESTS=1 skips these tests`);
    },
  };
}

/** Fills the filesystem of `dir` to the last block with a file in it, the way a log would. */
export async function fillDisk(dir: string): Promise<void> {
  const file = `${dir}/fill`;
  await rm(file, { force: true });
  await execa('dd', ['if=/dev/zero', `of=${file}`, 'bs=4k'], { reject: false });
}
