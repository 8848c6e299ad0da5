// The daemon's SSH host key: ed25519, made on first start, kept 0600 in $MYPAAS_HOME and reused,
// so clients that pinned it in known_hosts keep trusting the host across restarts.
import { chmod, link, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { MypaasError } from '../../core/errors.js';

/** Where the host key lives, relative to $MYPAAS_HOME. */
export const HOST_KEY_FILE = 'ssh_host_ed25519_key';

/** The private host key (OpenSSH format), created on first use. */
export async function loadOrCreateHostKey(
  home: string,
  onWarning: (text: string) => void = () => {},
): Promise<Buffer> {
  const file = join(home, HOST_KEY_FILE);
  const existing = await readKey(file, onWarning);
  if (existing) return existing;
  const key = generateHostKey();
  // Written whole under a temporary name, then linked: a second daemon starting at the same time
  // either wins or reads the winner's key, never a half-written file.
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, key, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, file).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  } finally {
    await rm(temp, { force: true });
  }
  return (await readKey(file, onWarning)) as Buffer;
}

async function readKey(file: string, onWarning: (text: string) => void): Promise<Buffer | null> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw unreadable(file, err);
  }
  if ((info.mode & 0o077) !== 0) {
    onWarning(
      `${file} was readable by others (mode ${(info.mode & 0o777).toString(8)}); made it 0600`,
    );
    await chmod(file, 0o600);
  }
  const key = await readFile(file).catch((err: unknown) => {
    throw unreadable(file, err);
  });
  const parsed = ssh2.utils.parseKey(key);
  if (parsed instanceof Error || !parsed.isPrivateKey()) {
    throw new MypaasError('SSH_FAILED', `${file} is not an OpenSSH private key`, {
      hint: 'move it away; the daemon makes a new host key (clients will see a changed host key)',
    });
  }
  return key;
}

/** A new ed25519 key that ssh2 can read back: its generator emits a malformed key about 1 in 300. */
export function generateHostKey(): string {
  for (let attempt = 0; attempt < 10; attempt++) {
    const { private: key } = ssh2.utils.generateKeyPairSync('ed25519', {
      comment: 'mypaas host key',
    });
    const parsed = ssh2.utils.parseKey(key);
    if (!(parsed instanceof Error) && parsed.isPrivateKey()) return key;
  }
  throw new MypaasError('SSH_FAILED', 'could not generate a readable ed25519 host key');
}

function unreadable(file: string, cause: unknown): MypaasError {
  return new MypaasError('SSH_FAILED', `cannot read the host key ${file}: ${String(cause)}`, {
    hint: 'the daemon must run as the user that owns $MYPAAS_HOME',
    cause,
  });
}
