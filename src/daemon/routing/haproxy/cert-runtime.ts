// Certificates and HTTP-01 answers changed through HAProxy's runtime API: a new or renewed
// certificate is served at once, with no reload, and a challenge answer lives only while needed.
import { MypaasError } from '../../../core/errors.js';
import { writeFileAtomic } from '../../../core/write-file-atomic.js';
import { sendCommand } from './socket-command.js';

/** The certificate and challenge calls of one HAProxy worker. */
export interface CertRuntime {
  /** Serves `pem` (certificate chain + key) as `path`: replaces it when loaded, else adds it to
   * the crt-list so SNI finds it. */
  loadCertificate(path: string, pem: string): Promise<void>;
  /** Answers GET /.well-known/acme-challenge/<token> on the http frontend with `keyAuthorization`. */
  setChallenge(token: string, keyAuthorization: string): Promise<void>;
  clearChallenge(token: string): Promise<void>;
}

/** The calls over the runtime socket, for the given crt-list and challenge map files. */
export function certRuntimeAt(
  socketPath: string,
  files: { crtList: string; challengeMap: string },
): CertRuntime {
  // Open challenges also go to the map file, so a reload during an order keeps answering them.
  const open = new Map<string, string>();
  const saveMap = (): Promise<void> =>
    writeFileAtomic(
      files.challengeMap,
      [...open].map(([token, auth]) => `${challengePath(token)} ${auth}\n`).join(''),
      { mode: 0o600 },
    );
  const send = (command: string, payload?: string): Promise<string> =>
    sendCommand(socketPath, command, 10_000, payload);
  const expect = async (command: string, ok: RegExp, payload?: string): Promise<void> => {
    const answer = (await send(command, payload)).trim();
    if (!ok.test(answer)) {
      throw new MypaasError('PROXY_UNAVAILABLE', `HAProxy refused "${command}": ${answer}`);
    }
  };
  return {
    async loadCertificate(path, pem) {
      checkWord(path);
      const shown = await send(`show ssl cert ${path}`);
      const loaded = shown.startsWith('Filename:');
      if (!loaded) await expect(`new ssl cert ${path}`, /^New empty certificate store/);
      await expect(`set ssl cert ${path}`, /^Transaction (created|updated)/, pem);
      await expect(`commit ssl cert ${path}`, /Success!$/);
      if (!loaded) await expect(`add ssl crt-list ${files.crtList} ${path}`, /Success!$/);
    },
    async setChallenge(token, keyAuthorization) {
      checkToken(token);
      checkToken(keyAuthorization.replace('.', ''));
      open.set(token, keyAuthorization);
      await saveMap();
      await send(`del map ${files.challengeMap} ${challengePath(token)}`);
      await expect(
        `add map ${files.challengeMap} ${challengePath(token)} ${keyAuthorization}`,
        /^$/,
      );
    },
    async clearChallenge(token) {
      checkToken(token);
      open.delete(token);
      await saveMap();
      await send(`del map ${files.challengeMap} ${challengePath(token)}`);
    },
  };
}

/** The request path a challenge token is fetched at. */
export function challengePath(token: string): string {
  return `/.well-known/acme-challenge/${token}`;
}

// ACME tokens and thumbprints are base64url (RFC 8555 §8.3): nothing else may reach the socket.
function checkToken(token: string): void {
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(token)) {
    throw new MypaasError('CERT_FAILED', `the CA sent a challenge token that is not base64url`);
  }
}

function checkWord(path: string): void {
  if (!/^[A-Za-z0-9_./@+-]+$/.test(path)) {
    throw new MypaasError(
      'INTERNAL',
      `certificate path "${path}" holds characters HAProxy splits on`,
    );
  }
}
