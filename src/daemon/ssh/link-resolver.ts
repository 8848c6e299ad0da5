// Where a symlink in an upload really leads, followed hop by hop through the others the way the
// kernel will: `..` goes to the physical parent of where a link led. Each link is resolved once
// and remembered with the hops it took, so checking every link is linear in the total length of
// their targets, and no resolution nests deeper than the kernel's own limit.
import { PATH_LIMITS } from './upload-limits.js';
import type { Resolved, UploadNode } from './upload-node.js';

/** Where `link` leads, or null when it leaves the tree, loops, or takes more symlink hops than
 * the kernel follows (ELOOP there: refused here, as nothing good comes of it). Any null refuses
 * the whole upload, so a null remembered for a link on the way needs no second look. */
export function resolveLink(link: UploadNode): Resolved | null {
  return resolveWithin(link, PATH_LIMITS.maxHops - 1);
}

// `budget`: how many more links may be followed inside this one's target.
function resolveWithin(link: UploadNode, budget: number): Resolved | null {
  if (link.resolved === 'resolving' || link.resolved === null) return null; // a loop, or out
  if (link.resolved !== undefined) return link.resolved.hops <= budget ? link.resolved : null;
  if (link.parent === null) return null;
  link.resolved = 'resolving';
  link.resolved = walk(link.parent, link.target ?? [], budget);
  return link.resolved;
}

// Names that are not in the upload are counted, not looked up: nothing under them is a link.
function walk(start: UploadNode, parts: readonly string[], budget: number): Resolved | null {
  let node = start;
  let below = 0;
  let hops = 0;
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (below > 0) below -= 1;
      else if (node.parent === null) return null;
      else node = node.parent;
      continue;
    }
    const child = below > 0 ? undefined : node.children?.get(part);
    if (child === undefined) below += 1;
    else if (child.kind !== 'symlink') node = child;
    else {
      const led = hops < budget ? resolveWithin(child, budget - hops - 1) : null;
      if (led === null) return null;
      hops += 1 + led.hops;
      ({ node, below } = led);
    }
  }
  return { node, below, hops };
}
