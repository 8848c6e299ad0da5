// The shape of an upload as it is extracted, kept in memory: decides whether each tar entry may be
// written and proves that no path and no link ever leads out of the work directory.
import { posix } from 'node:path';
import { MypaasError } from '../../core/errors.js';
import { linkLeavesTree } from '../../core/link-target.js';

/** What the extractor does with one entry. */
export type Admitted =
  | { kind: 'skip' }
  | { kind: 'dir' | 'file'; path: string; newDirs: string[] }
  | { kind: 'symlink'; path: string; newDirs: string[]; target: string }
  | { kind: 'link'; path: string; newDirs: string[]; target: string };

/** The entry fields the checks look at (tar-stream's header). */
export interface EntryHeader {
  name: string;
  type?: string | null;
  linkname?: string | null;
}

/** The tree extracted so far; every path is relative to the work directory, `/`-separated. */
export interface UploadTree {
  /** Checks one entry against what is already there; throws UPLOAD_REFUSED. */
  admit(header: EntryHeader): Admitted;
  /** After the last entry: every symlink, followed through the others, stays inside. */
  checkLinks(): void;
  /** Entries admitted so far. */
  readonly entries: number;
}

/** An empty tree that admits at most `maxFiles` entries. */
export function uploadTree(maxFiles: number): UploadTree {
  const nodes = new Map<string, { kind: 'dir' | 'file' | 'symlink'; target?: string }>();
  let entries = 0;
  const admit = (header: EntryHeader): Admitted => {
    const type = header.type ?? 'file';
    const path = cleanPath(header.name, 'its path');
    if (path === '' && type === 'directory') return { kind: 'skip' };
    entries += 1;
    if (entries > maxFiles) {
      throw refused(`it holds more than ${maxFiles} entries (max_upload_files)`);
    }
    if (!['file', 'directory', 'symlink', 'link'].includes(type)) {
      throw refused(`${quote(path)} is a ${type}; only files, directories and links are accepted`);
    }
    const newDirs = parentsToMake(path);
    const existing = nodes.get(path);
    if (existing?.kind === 'dir' && type === 'directory') return { kind: 'skip' };
    if (existing || path === '') throw refused(`${quote(path || '.')} appears twice`);
    newDirs.forEach((dir) => nodes.set(dir, { kind: 'dir' }));
    if (type === 'symlink') {
      const target = header.linkname ?? '';
      if (linkLeavesTree(path, target)) {
        throw refused(
          `the symlink ${quote(path)} points to ${quote(target)}, outside the upload`,
          NO_LINKS_OUT,
        );
      }
      nodes.set(path, { kind: 'symlink', target });
      return { kind: 'symlink', path, newDirs, target };
    }
    if (type === 'link') {
      const target = cleanPath(header.linkname ?? '', `the target of the hard link ${quote(path)}`);
      if (nodes.get(target)?.kind !== 'file') {
        throw refused(
          `the hard link ${quote(path)} points to ${quote(target)}, not a file of the upload`,
        );
      }
      nodes.set(path, { kind: 'file' });
      return { kind: 'link', path, newDirs, target };
    }
    const kind = type === 'directory' ? 'dir' : 'file';
    nodes.set(path, { kind });
    return { kind, path, newDirs };
  };

  // The directories above `path` that do not exist yet; a file or symlink on the way is refused,
  // so nothing is ever written through a link.
  const parentsToMake = (path: string): string[] => {
    const parts = path.split('/').slice(0, -1);
    const missing: string[] = [];
    for (let i = 1; i <= parts.length; i += 1) {
      const dir = parts.slice(0, i).join('/');
      const node = nodes.get(dir);
      if (node === undefined) missing.push(dir);
      else if (node.kind !== 'dir') {
        throw refused(`${quote(path)} would be written through the ${node.kind} ${quote(dir)}`);
      }
    }
    return missing;
  };

  // Resolves a symlink the way the kernel will, hop by hop through the other symlinks.
  const staysInside = (path: string, target: string): boolean => {
    const stack = path.split('/').slice(0, -1);
    let pending = target.split('/');
    for (let hops = 0; pending.length > 0;) {
      const part = pending.shift() as string;
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (stack.pop() === undefined) return false;
        continue;
      }
      stack.push(part);
      const node = nodes.get(stack.join('/'));
      if (node?.kind !== 'symlink') continue;
      hops += 1;
      if (hops > 40 || node.target === undefined || posix.isAbsolute(node.target)) return false;
      stack.pop();
      pending = [...node.target.split('/'), ...pending];
    }
    return true;
  };

  return {
    admit,
    checkLinks: () => {
      for (const [path, node] of nodes) {
        if (node.kind === 'symlink' && !staysInside(path, node.target ?? '')) {
          throw refused(
            `the symlink ${quote(path)} leads outside the upload through other links`,
            NO_LINKS_OUT,
          );
        }
      }
    },
    get entries() {
      return entries;
    },
  };
}

const SEND_A_TAR =
  'send a tar (or tar.gz) of the app directory, e.g. tar -cz -C ./app . | ssh -p 2222 deploy@host push';
const NO_LINKS_OUT =
  'replace the link with a copy of what it points to, or leave it out of the upload (.dockerignore for mypaas push)';

/** An upload refusal; the hint says how to send an upload that is accepted. */
export function refused(reason: string, hint = SEND_A_TAR): MypaasError {
  return new MypaasError('UPLOAD_REFUSED', `upload refused: ${reason}`, { hint });
}

// `./a//b/` → `a/b`; absolute paths, `..` and NUL are refused, whatever tar would make of them.
function cleanPath(name: string, what: string): string {
  if (name.includes('\0')) throw refused(`${what} holds a NUL byte`);
  if (posix.isAbsolute(name)) throw refused(`${what} ${quote(name)} is absolute`);
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw refused(`${what} ${quote(name)} has a .. component`);
  return parts.join('/');
}

function quote(text: string): string {
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 117)}...` : text);
}
