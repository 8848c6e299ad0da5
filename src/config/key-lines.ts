// @iarna/toml reports no positions for values, so config problems find their line by scanning the text.

/** Maps each dotted key path (`proxy`, `proxy.email`, `env.DB_URL`) to the 1-based line defining it. */
export function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let table: string[] = [];
  let openString: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const lineNo = index + 1;
    if (openString !== undefined) {
      if (raw.includes(openString)) openString = undefined;
      return;
    }
    const line = raw.trim();
    const header = /^\[\[?/.exec(line);
    if (header) {
      const parsed = readKeyPath(line, header[0].length);
      if (parsed && /^\s*\]/.test(line.slice(parsed.end))) {
        table = parsed.parts;
        record(lines, table, lineNo);
      }
      return;
    }
    const parsed = readKeyPath(line, 0);
    if (!parsed || line[parsed.end] !== '=') return;
    record(lines, [...table, ...parsed.parts], lineNo);
    openString = opensMultilineString(line.slice(parsed.end + 1));
  });
  return lines;
}

/** The line of `path`, or of its nearest ancestor with one (keys inside inline tables have none). */
export function lineOf(lines: Map<string, number>, path: readonly string[]): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const line = lines.get(path.slice(0, n).join('.'));
    if (line !== undefined) return line;
  }
  return undefined;
}

// First definition wins; parents get the line where they first appear, for `[a.b]` without `[a]`.
function record(lines: Map<string, number>, path: string[], lineNo: number): void {
  for (let n = 1; n <= path.length; n++) {
    const key = path.slice(0, n).join('.');
    if (!lines.has(key)) lines.set(key, lineNo);
  }
}

// Reads `a."b c".'d'` from `line` at `start`; `end` is just past trailing whitespace.
function readKeyPath(line: string, start: number): { parts: string[]; end: number } | undefined {
  const parts: string[] = [];
  let rest = line.slice(start);
  let consumed = start;
  for (;;) {
    const match = /^\s*([A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')\s*/.exec(rest);
    if (!match?.[1]) return undefined;
    parts.push(unquote(match[1]));
    consumed += match[0].length;
    rest = rest.slice(match[0].length);
    if (!rest.startsWith('.')) return { parts, end: consumed };
    consumed += 1;
    rest = rest.slice(1);
  }
}

function unquote(part: string): string {
  if (part.startsWith("'")) return part.slice(1, -1);
  if (!part.startsWith('"')) return part;
  try {
    return JSON.parse(part) as string;
  } catch {
    return part.slice(1, -1);
  }
}

// A value starting `"""` or `'''` without its closing delimiter on the same line spans more lines.
function opensMultilineString(value: string): string | undefined {
  const trimmed = value.trimStart();
  for (const delimiter of ['"""', "'''"]) {
    if (trimmed.startsWith(delimiter) && !trimmed.slice(3).includes(delimiter)) return delimiter;
  }
  return undefined;
}
