// Reads the default service port from the Dockerfile's EXPOSE instruction.
type Exposed = { port: number; line: number } | { warning: string } | null;

const SKIPPED = /^\s*(#|$)/;
const INSTRUCTION = /^\s*([A-Za-z]+)(?:\s+(\S+))?/;
const CONTINUED = /\\\s*$/;
const PORT = /^(\d{1,5})(\/(tcp|udp|sctp))?$/i;

/** The first EXPOSE port of the final build stage, or a reason why there is none usable. */
export function findExposedPort(lines: readonly string[]): Exposed {
  let found: Exposed = null;
  let continued = false;
  lines.forEach((content, index) => {
    if (SKIPPED.test(content)) return; // comments and blank lines neither continue nor end one
    const isContinuation = continued;
    continued = CONTINUED.test(content);
    const match = INSTRUCTION.exec(content);
    if (isContinuation || !match) return;
    const word = (match[1] ?? '').toUpperCase();
    if (word === 'FROM') found = null; // EXPOSE belongs to its stage; only the last stage runs.
    if (word !== 'EXPOSE' || found !== null) return;
    const first = match[2] ?? '';
    const port = Number(PORT.exec(first)?.[1] ?? NaN);
    found =
      port >= 1 && port <= 65535
        ? { port, line: index + 1 }
        : { warning: `line ${index + 1}: EXPOSE ${first} is not a port number mypaas can use` };
  });
  return found;
}
