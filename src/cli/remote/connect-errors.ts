// Turns what goes wrong while connecting into MypaasErrors that say what happened and what to do.
import { MypaasError } from '../../core/errors.js';
import { fingerprint, hostPattern, keyType, type KnownKey } from './known-hosts.js';
import type { ServerTarget } from './server-address.js';

/** The loud refusal when a host offers a key other than the one trusted before. */
export function hostKeyChangedError(
  file: string,
  target: ServerTarget,
  offered: Buffer,
  known: KnownKey[],
): MypaasError {
  const pattern = hostPattern(target.host, target.port);
  const first = known[0];
  const shown = (type: string) => type.replace(/^ssh-|-sha2-nistp\d+$/g, '').toUpperCase();
  return new MypaasError(
    'HOST_KEY_CHANGED',
    `WARNING: THE HOST KEY OF ${pattern} HAS CHANGED — mypaas stopped before sending anything. ` +
      'Someone may be intercepting the connection, or the host was reinstalled or got a new key.',
    {
      details: [
        ...known.map(
          (k) => `trusted: ${shown(k.type)} key ${k.fingerprint} (${file}, line ${k.lineNo})`,
        ),
        `offered: ${shown(keyType(offered))} key ${fingerprint(offered)}`,
        ...known.map((k) => `line ${k.lineNo} to delete: ${k.line}`),
      ],
      hint:
        `only if you know why the key changed (compare the offered fingerprint on the host: ssh-keygen -lf on the daemon's host key in $MYPAAS_HOME), ` +
        `remove the old one with: ssh-keygen -R '${pattern}' -f ${file}` +
        (first ? ` (or delete line ${first.lineNo} of ${file}), then run the command again` : ''),
    },
  );
}

/** Maps an ssh2 client error (network, handshake or authentication) to SSH_FAILED, AUTH_FAILED… */
export function connectError(
  err: Error & { code?: string; level?: string },
  target: ServerTarget,
  tried: string[],
  serversFile: string,
): MypaasError {
  const where = `${target.host}:${target.port}`;
  const as = `${target.user}@${where}`;
  if (err.level === 'client-authentication') {
    return new MypaasError('AUTH_FAILED', `${as} did not accept any key mypaas offered`, {
      details: tried.map((source) => `offered: ${source}`),
      hint:
        'print the key mypaas uses with: mypaas key — then authorize it on the host (mypaas server keys add), ' +
        'or choose another key with --identity FILE',
      cause: err,
    });
  }
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
    return new MypaasError(
      'SERVER_NOT_FOUND',
      `cannot find the host ${JSON.stringify(target.host)} (${err.code})`,
      {
        hint: `check the spelling; named servers are the [servers.NAME] tables of ${serversFile}`,
        cause: err,
      },
    );
  }
  const reason =
    err.code === 'ECONNREFUSED'
      ? `nothing accepts connections on ${where}`
      : /timed out/i.test(err.message) || err.code === 'ETIMEDOUT'
        ? `${where} did not answer in time`
        : `cannot connect to ${where}: ${err.message}`;
  return new MypaasError('SSH_FAILED', reason, {
    hint:
      `is the mypaas daemon running there? It listens on [daemon] ssh_listen of its config.toml ` +
      `(port 2222 unless changed); give another port as ${target.host.includes(':') ? `[${target.host}]` : target.host}:PORT`,
    cause: err,
  });
}
