// Where certificates live in certs_dir: hand-placed `<host>.pem` files at its top, the ones mypaas
// orders under `acme/` (0700) with the ACME account key and the order state, every file 0600.
import { X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The files of automatic certificates under one certs_dir. */
export interface AcmeFiles {
  dir: string;
  accountKey: string;
  /** The CA's url for that key, per directory. */
  account: string;
  /** Failures, backoff and the CA's last reason per host (cert-state.ts). */
  state: string;
  certificate(host: string): string;
}

/** A certificate found in certs_dir, parsed; `cert` null when the file holds none readable. */
export interface FoundCertificate {
  path: string;
  cert: X509Certificate | null;
}

/** The paths under `<certsDir>/acme`. */
export function acmeFiles(certsDir: string): AcmeFiles {
  const dir = join(certsDir, 'acme');
  return {
    dir,
    accountKey: join(dir, 'account.key'),
    account: join(dir, 'account.json'),
    state: join(dir, 'state.json'),
    certificate: (host) => join(dir, `${host}.pem`),
  };
}

/** The `.pem` files you put in certs_dir itself, name order. */
export function readHandPlaced(certsDir: string): Promise<FoundCertificate[]> {
  return readPemDir(certsDir);
}

/** The certificates mypaas ordered, by host. */
export async function readOrdered(certsDir: string): Promise<Map<string, FoundCertificate>> {
  const found = await readPemDir(acmeFiles(certsDir).dir);
  return new Map(found.map((f) => [hostOf(f.path), f]));
}

/** True when one of `certs` is valid for `host` (its names, wildcards included). */
export function covers(certs: readonly FoundCertificate[], host: string): boolean {
  return certs.some((c) => c.cert !== null && c.cert.checkHost(host) !== undefined);
}

/** The first certificate in a PEM bundle (a bundle may start with its key). */
export function firstCertificate(pem: string): X509Certificate | null {
  const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (!block) return null;
  try {
    return new X509Certificate(block[0]);
  } catch {
    return null;
  }
}

/** A certificate's expiry in ms since the epoch. */
export function notAfter(cert: X509Certificate): number {
  return Date.parse(cert.validTo);
}

async function readPemDir(dir: string): Promise<FoundCertificate[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((e) => e.isFile() && e.name.endsWith('.pem'))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      const text = await readFile(path, 'utf8').catch(() => '');
      return { path, cert: firstCertificate(text) };
    }),
  );
}

function hostOf(path: string): string {
  return (path.split('/').pop() ?? '').replace(/\.pem$/, '');
}
