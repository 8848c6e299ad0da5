// Reads the default service port from the Dockerfile's EXPOSE instruction.
import { splitLines } from './directives.js';

/** The first EXPOSE port of the final build stage, or a reason why there is none usable. */
export function findExposedPort(
  text: string,
): { port: number; line: number } | { warning: string } | null {
  let found: { port: number; line: number } | { warning: string } | null = null;
  let continued = false;
  splitLines(text).forEach((content, index) => {
    const trimmed = content.trim();
    if (trimmed.startsWith('#') || trimmed === '') return;
    const isContinuation = continued;
    continued = trimmed.endsWith('\\');
    if (isContinuation) return;
    const [instruction = '', first = ''] = trimmed.split(/\s+/);
    const word = instruction.toUpperCase();
    if (word === 'FROM') found = null; // EXPOSE belongs to its stage; only the last stage runs.
    if (word !== 'EXPOSE' || found !== null) return;
    const match = /^(\d{1,5})(\/(tcp|udp|sctp))?$/i.exec(first);
    const port = match ? Number(match[1]) : NaN;
    found =
      port >= 1 && port <= 65535
        ? { port, line: index + 1 }
        : { warning: `line ${index + 1}: EXPOSE ${first} is not a port number mypaas can use` };
  });
  return found;
}
