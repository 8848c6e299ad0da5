// Orders one certificate from the ACME server over HTTP-01 with acme-client; the challenge
// answers go wherever the caller says (HAProxy's challenge map). Keys are EC P-256.
import { mkdir, readFile } from 'node:fs/promises';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { MypaasError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/write-file-atomic.js';
import { acmeFiles } from './cert-files.js';

/** Where to order from and how to answer challenges. */
export interface AcmeOrdererOptions {
  certsDir: string;
  directoryUrl: string;
  /** [proxy] acme_ca_root: a PEM file of extra roots; '' for the system's only. */
  caRootFile: string;
  email: string;
  challenges: {
    setChallenge(token: string, keyAuthorization: string): Promise<void>;
    clearChallenge(token: string): Promise<void>;
  };
}

/** Orders a certificate for `host`; resolves with its PEM chain followed by its key. */
export type OrderCertificate = (host: string) => Promise<string>;

/** An orderer for the options; acme-client is loaded at the first order. */
export function acmeOrderer(options: AcmeOrdererOptions): OrderCertificate {
  return async (host) => {
    const acme = await import('acme-client');
    if (options.caRootFile !== '') {
      const extra = await readFile(options.caRootFile, 'utf8').catch((cause: unknown) => {
        throw new MypaasError('CERT_FAILED', `cannot read acme_ca_root ${options.caRootFile}`, {
          cause,
        });
      });
      // Only acme-client's own HTTP client trusts the extra roots, and the system's still count.
      acme.axios.defaults.httpsAgent = new https.Agent({ ca: [...rootCertificates, extra] });
    }
    // A CA that never answers must not hold a pass (and the next orders) forever.
    acme.axios.defaults.timeout = 60_000;
    const accountUrl = await knownAccount(options.certsDir, options.directoryUrl);
    const client = new acme.Client({
      directoryUrl: options.directoryUrl,
      accountKey: await accountKey(options.certsDir, () => acme.crypto.createPrivateEcdsaKey()),
      // A known account is not registered again (an empty update some CAs refuse).
      ...(accountUrl === undefined ? {} : { accountUrl }),
    });
    const [key, csr] = await acme.crypto.createCsr(
      { commonName: host, altNames: [host] },
      await acme.crypto.createPrivateEcdsaKey(),
    );
    const chain = await client.auto({
      csr,
      ...(options.email === '' ? {} : { email: options.email }),
      termsOfServiceAgreed: true,
      challengePriority: ['http-01'],
      // Its self-check fetches http://<host>/ through public DNS; the CA's own check is the one
      // that counts, and its reason is what the user sees.
      skipChallengeVerification: true,
      challengeCreateFn: (_authz, challenge, keyAuthorization) =>
        options.challenges.setChallenge(challenge.token, keyAuthorization),
      challengeRemoveFn: (_authz, challenge) => options.challenges.clearChallenge(challenge.token),
    });
    if (accountUrl === undefined) {
      await rememberAccount(options.certsDir, options.directoryUrl, client.getAccountUrl());
    }
    // No empty lines: HAProxy's runtime API ends a payload at the first one.
    const pem = `${chain}\n${key.toString('utf8')}`;
    return `${pem
      .split('\n')
      .filter((line) => line.trim() !== '')
      .join('\n')}\n`;
  };
}

// The ACME account key, made once and kept 0600 in the 0700 acme directory.
async function accountKey(certsDir: string, create: () => Promise<Buffer>): Promise<Buffer> {
  const files = acmeFiles(certsDir);
  const existing = await readFile(files.accountKey).catch(() => undefined);
  if (existing) return existing;
  await mkdir(files.dir, { recursive: true, mode: 0o700 });
  const key = await create();
  await writeFileAtomic(files.accountKey, key.toString('utf8'), { mode: 0o600 });
  return key;
}

// The account url the CA gave for this key, kept per directory: another CA starts afresh.
async function knownAccount(certsDir: string, directoryUrl: string): Promise<string | undefined> {
  const text = await readFile(acmeFiles(certsDir).account, 'utf8').catch(() => '{}');
  try {
    const saved = JSON.parse(text) as { directoryUrl?: unknown; accountUrl?: unknown };
    return saved.directoryUrl === directoryUrl && typeof saved.accountUrl === 'string'
      ? saved.accountUrl
      : undefined;
  } catch {
    return undefined;
  }
}

async function rememberAccount(
  certsDir: string,
  directoryUrl: string,
  accountUrl: string,
): Promise<void> {
  const text = `${JSON.stringify({ directoryUrl, accountUrl })}\n`;
  await writeFileAtomic(acmeFiles(certsDir).account, text, { mode: 0o600 });
}
