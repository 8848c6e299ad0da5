// Finds the `# mypaas.KEY=VALUE` comment lines of a Dockerfile and splits them into key and value.

/** One `# mypaas.*` line as written, before any key-specific checks. */
export interface Directive {
  line: number;
  key: string;
  /** Trimmed, with one pair of matching surrounding quotes removed. */
  value: string;
  /** The value as written (trimmed), for messages. */
  raw: string;
}

/** A directive-shaped line that cannot be read at all (no `=`, unbalanced quotes). */
export interface MalformedDirective {
  line: number;
  key: string;
  raw: string;
  reason: string;
}

/** Sorts a Dockerfile's lines into directives and malformed directives; the rest is ignored. */
export function findDirectives(lines: readonly string[]): {
  directives: Directive[];
  malformed: MalformedDirective[];
} {
  const directives: Directive[] = [];
  const malformed: MalformedDirective[] = [];
  lines.forEach((content, index) => {
    const match = DIRECTIVE.exec(content);
    if (!match) return;
    const line = index + 1;
    const body = match[1] ?? '';
    const eq = body.indexOf('=');
    if (eq < 0) {
      const [key = '', ...rest] = body.trim().split(/[ \t]+/);
      malformed.push({
        line,
        key,
        raw: rest.join(' '),
        reason: 'has no "=" between key and value',
      });
      return;
    }
    const key = body.slice(0, eq).trim();
    const raw = body.slice(eq + 1).trim();
    const value = unquote(raw);
    if (value === undefined) {
      malformed.push({ line, key, raw, reason: 'has an opening quote without its closing quote' });
      return;
    }
    directives.push({ line, key, value, raw });
  });
  return { directives, malformed };
}

/** Splits on LF, CRLF or a lone CR, so Windows-edited Dockerfiles read the same. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

// `#`, optional blanks, then `mypaas.` immediately: `#--- mypaas.url=…` is a disabled directive.
const DIRECTIVE = /^[ \t]*#[ \t]*mypaas\.(.*)$/;

function unquote(raw: string): string | undefined {
  const first = raw[0];
  if (first !== '"' && first !== "'") return raw;
  if (raw.length >= 2 && raw.endsWith(first)) return raw.slice(1, -1);
  return undefined;
}
