// OpenSSH public keys: parsed from `type base64 comment` lines, checked, and fingerprinted exactly
// as `ssh-keygen -lf` does, so the fingerprints users see in mypaas match the ones they know.
import { createHash } from 'node:crypto';
import { MypaasError } from './errors.js';

/** The key types mypaas accepts for login, with the label and sizes ssh-keygen shows. */
const TYPES = {
  'ssh-ed25519': { label: 'ED25519' },
  'ecdsa-sha2-nistp256': { label: 'ECDSA' },
  'ecdsa-sha2-nistp384': { label: 'ECDSA' },
  'ecdsa-sha2-nistp521': { label: 'ECDSA' },
  'ssh-rsa': { label: 'RSA' },
} as const;

/** A key type mypaas accepts. */
export type KeyType = keyof typeof TYPES;

/** The smallest RSA modulus accepted, in bits: shorter keys can be factored. */
export const MIN_RSA_BITS = 2048;

/** A parsed, checked public key. */
export interface PublicKey {
  type: KeyType;
  /** ssh-keygen's label: ED25519, ECDSA or RSA. */
  label: string;
  bits: number;
  /** The wire-format key, what a client presents when it logs in. */
  blob: Buffer;
  comment: string;
  /** `SHA256:` + unpadded base64 of sha256(blob), as `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

/** Parses the one OpenSSH public key in `text` (a .pub file); throws KEY_INVALID saying why. */
export function parsePublicKey(text: string): PublicKey {
  if (text.includes('PRIVATE KEY')) {
    throw invalid('this is a private key; never hand it out', 'give the .pub file next to it');
  }
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  if (lines.length !== 1) {
    throw invalid(
      lines.length === 0 ? 'no public key found' : `${lines.length} keys found, expected one`,
      'give one key per name, e.g. the contents of ~/.ssh/id_ed25519.pub',
    );
  }
  const [type = '', data = '', ...comment] = (lines[0] ?? '').split(/\s+/);
  if (!isKeyType(type)) throw unsupported(type);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) throw invalid('the key data is not base64');
  const blob = Buffer.from(data, 'base64');
  if (blob.toString('base64') !== data) throw invalid('the key data is not valid base64');
  const key = publicKeyFromBlob(blob, comment.join(' '));
  if (key.type !== type) throw invalid(`the line says ${type} but the key inside is ${key.type}`);
  return key;
}

/** Checks a key blob as presented at login or stored; throws KEY_INVALID. */
export function publicKeyFromBlob(blob: Buffer, comment = ''): PublicKey {
  const reader = blobReader(blob);
  const type = reader.string().toString('latin1');
  if (!isKeyType(type)) throw unsupported(type);
  const bits = type === 'ssh-rsa' ? rsaBits(reader) : pointBits(type, reader);
  if (!reader.done()) throw invalid('the key blob has trailing bytes');
  return { type, label: TYPES[type].label, bits, blob, comment, fingerprint: fingerprint(blob) };
}

/** The OpenSSH line of a key without its comment: what ssh2 verifies signatures against. */
export function publicKeyLine(key: { type: string; blob: Buffer }): string {
  return `${key.type} ${key.blob.toString('base64')}`;
}

/** `SHA256:…` of a key blob, as ssh-keygen prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

function isKeyType(type: string): type is KeyType {
  return Object.hasOwn(TYPES, type);
}

function rsaBits(reader: BlobReader): number {
  const exponent = reader.string();
  const modulus = reader.string();
  if (exponent.length === 0 || modulus.length === 0) throw invalid('the RSA key is empty');
  const first = modulus.findIndex((byte) => byte !== 0);
  const top = modulus[first] ?? 0;
  const bits = first < 0 ? 0 : (modulus.length - first - 1) * 8 + (32 - Math.clz32(top));
  if (bits < MIN_RSA_BITS) {
    throw invalid(`an RSA key of ${bits} bits is too weak; at least ${MIN_RSA_BITS} are needed`);
  }
  return bits;
}

// ed25519: a 32-byte point. ECDSA: the curve name again, then an uncompressed point (0x04, x, y).
function pointBits(type: KeyType, reader: BlobReader): number {
  if (type === 'ssh-ed25519') {
    if (reader.string().length !== 32) throw invalid('the ed25519 key is not 32 bytes');
    return 256;
  }
  const curve = type.slice('ecdsa-sha2-'.length);
  if (reader.string().toString('latin1') !== curve) throw invalid(`the curve is not ${curve}`);
  const bits = Number(curve.slice('nistp'.length));
  const point = reader.string();
  if (point[0] !== 4 || point.length !== 1 + 2 * Math.ceil(bits / 8)) {
    throw invalid(`the ${curve} point is malformed`);
  }
  return bits;
}

interface BlobReader {
  string(): Buffer;
  done(): boolean;
}

// SSH wire format: uint32 length + bytes, repeated; every read is bounds-checked.
function blobReader(blob: Buffer): BlobReader {
  let offset = 0;
  return {
    string: () => {
      if (offset + 4 > blob.length) throw invalid('the key blob is truncated');
      const length = blob.readUInt32BE(offset);
      const end = offset + 4 + length;
      if (end > blob.length) throw invalid('the key blob is truncated');
      const value = blob.subarray(offset + 4, end);
      offset = end;
      return value;
    },
    done: () => offset === blob.length,
  };
}

function unsupported(type: string): MypaasError {
  return invalid(
    `${JSON.stringify(type.slice(0, 40))} is not a key type mypaas accepts (${Object.keys(TYPES).join(', ')})`,
    'make a key with: ssh-keygen -t ed25519, and give its .pub file',
  );
}

function invalid(message: string, hint?: string): MypaasError {
  return new MypaasError('KEY_INVALID', `not a usable OpenSSH public key: ${message}`, {
    hint: hint ?? 'give an OpenSSH public key line, e.g. the contents of ~/.ssh/id_ed25519.pub',
  });
}
