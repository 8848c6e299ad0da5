// A base image made on the host from Debian's busybox-static, for hosts (and tests) that reach no
// image registry: the bundled example app builds FROM it.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { execa } from 'execa';
import tar from 'tar-stream';
import { MypaasError } from '../../core/errors.js';
import { statusCode } from './docker-errors.js';
import { followProgress, progressError } from './docker-progress.js';

/** Where Debian's busybox-static puts the binary the image is made from. */
export const HOST_BUSYBOX = '/bin/busybox';

// Bump when the root filesystem below changes, so machines get a new tag instead of a stale image.
const FORMAT_VERSION = 'busybox-rootfs-v1';
const MTIME = new Date('2000-01-01T00:00:00Z');
const PASSWD =
  'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const GROUP = 'root:x:0:\nnobody:x:65534:\n';

/** `<repo>:<content hash>`, imported once per machine and reused after that; `latest` follows it. */
export async function ensureBusyboxImage(docker: Docker, repo: string): Promise<string> {
  const binary = await readFile(HOST_BUSYBOX);
  const hash = createHash('sha256').update(FORMAT_VERSION).update('\0').update(binary);
  const tag = hash.digest('hex').slice(0, 12);
  const ref = `${repo}:${tag}`;
  if (!(await imageExists(docker, ref))) {
    const id = await importRootfs(docker, binary);
    // Tag only if no concurrent caller got there first, so a losing import is never used.
    if (!(await imageExists(docker, ref))) await docker.getImage(id).tag({ repo, tag });
    const winner = await docker.getImage(ref).inspect();
    if (winner.Id !== id) await removeUnused(docker, id);
  }
  await docker.getImage(ref).tag({ repo, tag: 'latest' });
  return ref;
}

async function importRootfs(docker: Docker, binary: Buffer): Promise<string> {
  const changes = ['ENV PATH=/bin', 'CMD ["sh"]', 'LABEL mypaas.base=busybox'];
  // A bad archive comes back as an HTTP 500, not inside the progress stream.
  const stream = await docker
    .importImage(rootfsTar(binary, await listApplets()), { changes })
    .catch((err: unknown) => {
      const reason = err instanceof Error ? err.message : String(err);
      throw new MypaasError(
        'DOCKER_FAILED',
        `importing ${HOST_BUSYBOX} as an image failed: ${reason}`,
        {
          cause: err,
        },
      );
    });
  const events = await followProgress(docker, stream);
  const failure = progressError(events);
  if (failure !== undefined) {
    throw new MypaasError(
      'DOCKER_FAILED',
      `importing ${HOST_BUSYBOX} as an image failed: ${failure}`,
    );
  }
  // The import's last status line is the new image's id.
  const id = events.map((e) => e.status ?? '').findLast((s) => s.startsWith('sha256:'));
  if (id === undefined) {
    throw new MypaasError('DOCKER_FAILED', `importing ${HOST_BUSYBOX} reported no image id`, {
      details: events.map((e) => JSON.stringify(e)).slice(-5),
    });
  }
  return id;
}

async function removeUnused(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getImage(id).remove();
  } catch (err) {
    // Something already uses it (a build that raced the tag) or it is gone: both are fine.
    if (statusCode(err) !== 409 && statusCode(err) !== 404) throw err;
  }
}

async function imageExists(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch (err) {
    if (statusCode(err) === 404) return false;
    throw err;
  }
}

async function listApplets(): Promise<string[]> {
  const { stdout } = await execa(HOST_BUSYBOX, ['--list']);
  const names = stdout.split('\n').map((line) => line.trim());
  return [...new Set(names)].filter((n) => n !== '' && n !== 'busybox' && !n.includes('/'));
}

function rootfsTar(binary: Buffer, applets: readonly string[]): Readable {
  const pack = tar.pack();
  const dir = (name: string, mode: number): void => {
    pack.entry({ name, type: 'directory', mode, mtime: MTIME });
  };
  const file = (name: string, mode: number, content: string | Buffer): void => {
    pack.entry({ name, mode, mtime: MTIME }, content);
  };
  dir('bin', 0o755);
  file('bin/busybox', 0o755, binary);
  for (const applet of applets) {
    pack.entry({ name: `bin/${applet}`, type: 'symlink', linkname: 'busybox', mtime: MTIME });
  }
  dir('etc', 0o755);
  file('etc/passwd', 0o644, PASSWD);
  file('etc/group', 0o644, GROUP);
  dir('root', 0o700);
  dir('tmp', 0o1777);
  dir('www', 0o755);
  pack.finalize();
  // tar-stream packs are streamx streams; wrap so callers get a real node Readable.
  return Readable.from(pack, { objectMode: false });
}
