// The shape of an upload as it is extracted, kept in memory: decides whether each tar entry may be
// written and proves that no path and no link ever leads out of the work directory. Every path is
// bounded (upload-path) before it is walked, and every walk is linear in the path's length.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { linkLeavesTree } from '../../core/link-target.js';
import { resolveLink } from './link-resolver.js';
import { YIELD_EVERY } from './upload-limits.js';
import { entryParts, targetParts } from './upload-path.js';
import { NO_LINKS_OUT, quote, refused } from './upload-refused.js';
import { addChild, nodeAt, pathOf, rootNode, type UploadNode } from './upload-node.js';

export { refused } from './upload-refused.js';

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
  /** After the last entry: every symlink, followed through the others, stays inside. Gives the
   * event loop a turn every YIELD_EVERY links. */
  checkLinks(): Promise<void>;
  /** Entries admitted so far, directories made for them included. */
  readonly entries: number;
}

const KINDS = ['file', 'directory', 'symlink', 'link'];

/** An empty tree that admits at most `maxFiles` entries, directories made for them included. */
export function uploadTree(maxFiles: number): UploadTree {
  const root = rootNode();
  const links: UploadNode[] = [];
  let entries = 0;
  const count = () => {
    entries += 1;
    if (entries > maxFiles) {
      throw refused(
        `it holds more than ${maxFiles} entries (max_upload_files), directories included`,
      );
    }
  };

  const admit = (header: EntryHeader): Admitted => {
    const type = header.type ?? 'file';
    const parts = entryParts(header.name, 'its path');
    if (parts.length === 0 && type === 'directory') return { kind: 'skip' };
    const path = parts.join('/');
    if (parts.length === 0) throw refused(`${quote('.')} appears twice`);
    if (!KINDS.includes(type)) {
      throw refused(`${quote(path)} is a ${type}; only files, directories and links are accepted`);
    }
    const { dir, newDirs } = parentOf(parts, path);
    const name = parts[parts.length - 1] as string;
    const existing = dir.children?.get(name);
    if (existing?.kind === 'dir' && type === 'directory') return { kind: 'skip' };
    if (existing) throw refused(`${quote(path)} appears twice`);
    count();
    if (type === 'symlink') {
      const target = header.linkname ?? '';
      const what = `the target of the symlink ${quote(path)}`;
      const split = targetParts(target, what);
      if (linkLeavesTree(path, target)) {
        throw refused(
          `the symlink ${quote(path)} points to ${quote(target)}, outside the upload`,
          NO_LINKS_OUT,
        );
      }
      links.push(addChild(dir, name, 'symlink', split));
      return { kind: 'symlink', path, newDirs, target };
    }
    if (type === 'link') {
      const target = entryParts(
        header.linkname ?? '',
        `the target of the hard link ${quote(path)}`,
      );
      if (nodeAt(root, target)?.kind !== 'file') {
        throw refused(
          `the hard link ${quote(path)} points to ${quote(target.join('/'))}, not a file of the upload`,
        );
      }
      addChild(dir, name, 'file');
      return { kind: 'link', path, newDirs, target: target.join('/') };
    }
    const kind = type === 'directory' ? 'dir' : 'file';
    addChild(dir, name, kind);
    return { kind, path, newDirs };
  };

  // The directory the entry goes in, made (in memory) where missing; a file or symlink on the way
  // is refused, so nothing is ever written through a link. One step per component.
  const parentOf = (parts: string[], path: string) => {
    let dir = root;
    let prefix = '';
    const newDirs: string[] = [];
    for (const part of parts.slice(0, -1)) {
      prefix = prefix === '' ? part : `${prefix}/${part}`;
      let next = dir.children?.get(part);
      if (next === undefined) {
        count();
        next = addChild(dir, part, 'dir');
        newDirs.push(prefix);
      } else if (next.kind !== 'dir') {
        throw refused(`${quote(path)} would be written through the ${next.kind} ${quote(prefix)}`);
      }
      dir = next;
    }
    return { dir, newDirs };
  };

  return {
    admit,
    checkLinks: async () => {
      for (let i = 0; i < links.length; i += 1) {
        if (i > 0 && i % YIELD_EVERY === 0) await nextTurn();
        const link = links[i] as UploadNode;
        if (resolveLink(link) === null) {
          throw refused(
            `the symlink ${quote(pathOf(link))} leads outside the upload through other links (or loops)`,
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
