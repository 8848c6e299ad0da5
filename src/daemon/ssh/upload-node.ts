// The in-memory tree an upload builds as it is extracted: one node per name, children by name,
// a parent pointer for `..`. Paths are never stored whole, so memory and every walk stay linear.

/** One name in the work directory. */
export interface UploadNode {
  kind: 'dir' | 'file' | 'symlink';
  name: string;
  /** null for the work directory itself. */
  parent: UploadNode | null;
  /** A directory's entries; created on first use. */
  children?: Map<string, UploadNode>;
  /** A symlink's target, split at `/` as written. */
  target?: string[];
  /** A symlink once resolved: where it leads, or null for out of the tree (or a loop). */
  resolved?: Resolved | null | 'resolving';
}

/** A place a path leads to: a known node, then `below` names under it that are not in the upload. */
export interface Place {
  node: UploadNode;
  below: number;
}

/** Where a symlink leads, and how many symlinks were followed inside its target to get there. */
export interface Resolved extends Place {
  hops: number;
}

/** The work directory, empty. */
export function rootNode(): UploadNode {
  return { kind: 'dir', name: '', parent: null };
}

/** Adds (or replaces) `name` under `dir`. */
export function addChild(
  dir: UploadNode,
  name: string,
  kind: UploadNode['kind'],
  target?: string[],
): UploadNode {
  const node: UploadNode = { kind, name, parent: dir, ...(target ? { target } : {}) };
  (dir.children ??= new Map()).set(name, node);
  return node;
}

/** The node at `parts` below `dir`, or undefined; never follows a symlink. */
export function nodeAt(dir: UploadNode, parts: readonly string[]): UploadNode | undefined {
  let node: UploadNode | undefined = dir;
  for (const part of parts) node = node?.children?.get(part);
  return node;
}

/** The node's path from the work directory, for messages; linear in its depth. */
export function pathOf(node: UploadNode): string {
  const names: string[] = [];
  for (let at: UploadNode | null = node; at?.parent; at = at.parent) names.push(at.name);
  return names.reverse().join('/');
}
