// The files automatic certificates add to HAProxy: a default certificate (so the https frontend
// exists before the first order), the crt-list it loads, and the challenge map.
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { MypaasError } from '../../../core/errors.js';
import { writeFileAtomic } from '../../../core/write-file-atomic.js';
import { covers, readHandPlaced, readOrdered } from '../../certificates/cert-files.js';
import { haproxyPaths } from './haproxy-paths.js';

/** Writes the crt-list for what certs_dir holds now; returns the hand-placed files' paths, which
 * decide a reload (ordered certificates are loaded through the runtime API instead). */
export async function prepareCertificateFiles(home: string, certsDir: string): Promise<string[]> {
  const paths = haproxyPaths(home);
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await writeFile(paths.challengeMap, '', { flag: 'a', mode: 0o600 });
  await ensureDefaultCertificate(paths.defaultCert);
  const handPlaced = await readHandPlaced(certsDir);
  const ordered = [...(await readOrdered(certsDir))]
    // A hand-placed certificate for the host wins: the ordered one is not served.
    .filter(([host, found]) => found.cert !== null && !covers(handPlaced, host))
    .map(([, found]) => found.path);
  // HAProxy serves the first certificate in the list to clients that match no name.
  const lines = [paths.defaultCert, ...handPlaced.map((f) => f.path), ...ordered];
  await writeFileAtomic(paths.crtList, `${lines.join('\n')}\n`, { mode: 0o600 });
  return handPlaced.map((f) => f.path);
}

// A self-signed certificate for no real name, as Traefik serves one: browsers warn, nothing leaks.
async function ensureDefaultCertificate(path: string): Promise<void> {
  if (
    await access(path).then(
      () => true,
      () => false,
    )
  )
    return;
  const key = `${path}.key.tmp`;
  const cert = `${path}.crt.tmp`;
  try {
    await execa('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '3650',
      '-subj',
      '/CN=mypaas default certificate',
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    const pem = `${await readFile(cert, 'utf8')}${await readFile(key, 'utf8')}`;
    await rm(key, { force: true });
    await rm(cert, { force: true });
    await writeFileAtomic(path, pem, { mode: 0o600 });
  } catch (cause) {
    throw new MypaasError(
      'PROXY_UNAVAILABLE',
      `cannot make HAProxy's default certificate ${path}`,
      {
        cause,
        hint: 'automatic certificates need the openssl command: apt-get install openssl',
      },
    );
  }
}
