// A path from an upload's archive, bounded and split: its length is checked before anything looks
// at its parts, then its depth and each part, so no later step works on more than PATH_LIMITS.
import { PATH_LIMITS } from './upload-limits.js';
import { quote, refused } from './upload-refused.js';

const { maxPathBytes, maxDepth, maxNameBytes } = PATH_LIMITS;

/** `./a//b/` → ['a', 'b']; absolute paths, `..`, NUL and over-long or over-deep paths are
 * refused, whatever tar would make of them. `what` names the path in the error. */
export function entryParts(name: string, what: string): string[] {
  checkBounds(name, what);
  if (name.startsWith('/')) throw refused(`${what} ${quote(name)} is absolute`);
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw refused(`${what} ${quote(name)} has a .. component`);
  checkParts(parts, name, what);
  return parts;
}

/** A symlink's target, bounded the same way; its parts as written (`..` included), for the
 * resolver. Whether it leads out is the caller's to judge. */
export function targetParts(target: string, what: string): string[] {
  checkBounds(target, what);
  const parts = target.split('/');
  checkParts(parts, target, what);
  return parts;
}

// Cheap and whole-string only: a length first (a byte count is never below the UTF-16 length).
function checkBounds(text: string, what: string): void {
  if (text.length > maxPathBytes || Buffer.byteLength(text) > maxPathBytes) {
    throw refused(`${what} ${quote(text)} is longer than ${maxPathBytes} bytes`, SHORTER);
  }
  if (text.includes('\0')) throw refused(`${what} holds a NUL byte`);
}

// The string is at most maxPathBytes long here, so splitting it was bounded too.
function checkParts(parts: string[], text: string, what: string): void {
  if (parts.length > maxDepth) {
    throw refused(`${what} ${quote(text)} is more than ${maxDepth} directories deep`, SHORTER);
  }
  const long = parts.find((p) => p.length > maxNameBytes || Buffer.byteLength(p) > maxNameBytes);
  if (long !== undefined) {
    throw refused(`${what} has a name longer than ${maxNameBytes} bytes: ${quote(long)}`, SHORTER);
  }
}

const SHORTER = `paths in an upload are at most ${maxPathBytes} bytes, ${maxDepth} directories deep, and ${maxNameBytes} bytes a name; leave such files out (.dockerignore for mypaas push)`;
