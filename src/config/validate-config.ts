// Turns config.toml text into a Config, collecting every problem with its line; reads no files.
import { parse } from '@iarna/toml';
import type { HomeDirs } from './home.js';
import { keyLines, lineOf } from './key-lines.js';
import { readEnv } from './env-section.js';
import { SCHEMA, type Config, type KeySpec, type SectionName } from './schema.js';
import { isTable, nearest, shorten, show, type ProblemSink } from './toml-values.js';

/** Where TOML parsing stopped (1-based), so CONFIG_SYNTAX can point an editor at it. */
export interface SyntaxProblem {
  line: number;
  column: number;
  reason: string;
}

/** A Config with warnings, or every problem found; `syntax` is set when the TOML did not parse. */
export type ParseConfigResult =
  | { ok: true; config: Config; warnings: string[] }
  | { ok: false; errors: string[]; warnings: string[]; syntax?: SyntaxProblem };

/** Parses config.toml text; `file` prefixes each message, `dirs` give defaults and what `~/` means. */
export function parseConfig(text: string, file: string, dirs: HomeDirs): ParseConfigResult {
  const source = text.replace(/^\uFEFF/, '');
  let doc: Record<string, unknown>;
  try {
    doc = parse(source);
  } catch (err) {
    const syntax = syntaxProblem(err);
    const errors = [`${file}:${syntax.line}:${syntax.column}: ${syntax.reason}`];
    return { ok: false, errors, warnings: [], syntax };
  }
  const problems = new Problems(file, keyLines(source));
  for (const [name, value] of Object.entries(doc)) {
    if (!isSection(name)) unknownTopLevel(name, value, problems);
    else if (!isTable(value)) problems.error([name], `[${name}]: must be a table, not a value`);
  }
  const config: Config = {
    env: readEnv(doc.env, problems),
    proxy: readSection('proxy', doc.proxy, dirs, problems),
    daemon: readSection('daemon', doc.daemon, dirs, problems),
    deploy: readSection('deploy', doc.deploy, dirs, problems),
    deployers: readSection('deployers', doc.deployers, dirs, problems),
    routing: readSection('routing', doc.routing, dirs, problems),
  };
  checkPortsDiffer(config, problems);
  if (config.deploy.allowedVolumeRoots.includes('/')) {
    const why = '"/" lets apps mount any host path, /etc included';
    problems.warn(['deploy', 'allowed_volume_roots'], `[deploy] allowed_volume_roots: ${why}`);
  }
  const { errors, warnings } = problems.sorted();
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, config, warnings };
}

function readSection<S extends SectionName>(
  section: S,
  raw: unknown,
  dirs: HomeDirs,
  problems: Problems,
): Config[S] {
  const table = isTable(raw) ? raw : {};
  const specs = Object.entries<KeySpec<unknown>>(SCHEMA[section]);
  for (const key of Object.keys(table)) {
    if (!specs.some(([, spec]) => spec.key === key)) unknownKey(section, key, problems);
  }
  const out: Record<string, unknown> = {};
  for (const [field, spec] of specs) {
    const value = Object.hasOwn(table, spec.key) ? table[spec.key] : undefined;
    out[field] = spec.default(dirs);
    if (value === undefined) continue;
    const typed = spec.kind.read(value, dirs);
    const problem = typed === undefined ? `expected ${spec.kind.expected}` : spec.check?.(typed);
    if (problem === undefined) out[field] = typed;
    else {
      const text = `${problem}, got ${show(value)}; e.g. ${spec.key} = ${spec.example}`;
      problems.error([section, spec.key], `[${section}] ${spec.key}: ${text}`);
    }
  }
  return out as Config[S];
}

function unknownKey(section: SectionName, key: string, problems: Problems): void {
  const here = allKeys().filter((k) => k.section === section);
  const elsewhere = allKeys().find((k) => k.key === key);
  const near = here.find(
    (k) =>
      k.key ===
      nearest(
        key,
        here.map((h) => h.key),
      ),
  );
  const hint = elsewhere
    ? `it belongs in [${elsewhere.section}]`
    : near
      ? `did you mean ${near.key}? e.g. ${near.key} = ${near.example}`
      : `known: ${here.map((k) => k.key).join(', ')}`;
  problems.error([section, key], `[${section}] ${shorten(key)}: unknown key; ${hint}`);
}

function unknownTopLevel(name: string, value: unknown, problems: Problems): void {
  if (isTable(value)) {
    const sections = ['env', ...Object.keys(SCHEMA)];
    const near = nearest(name, sections);
    const known = sections.map((s) => `[${s}]`).join(', ');
    const hint = near ? `did you mean [${near}]?` : `known: ${known}`;
    problems.error([name], `[${shorten(name)}]: unknown section; ${hint}`);
    return;
  }
  const keys = allKeys();
  const near = keys.find(
    (k) =>
      k.key ===
      nearest(
        name,
        keys.map((h) => h.key),
      ),
  );
  const hint = near
    ? `did you mean ${near.key} under [${near.section}]?`
    : 'put secrets under [env] and settings under [proxy], [daemon], [deploy] or [routing]';
  problems.error([name], `${shorten(name)}: not inside a section; ${hint}`);
}

function checkPortsDiffer(config: Config, problems: Problems): void {
  const ports: [string, number][] = [
    ['http_port', config.proxy.httpPort],
    ['https_port', config.proxy.httpsPort],
    ['api_port', config.proxy.apiPort],
  ];
  ports.forEach(([key, port], i) => {
    const clash = ports.slice(0, i).find(([, other]) => other === port);
    if (clash) problems.error(['proxy', key], `[proxy] ${key}: ${port} is also ${clash[0]}`);
  });
}

function allKeys(): { section: SectionName; key: string; example: string }[] {
  return (Object.keys(SCHEMA) as SectionName[]).flatMap((section) =>
    Object.values<KeySpec<unknown>>(SCHEMA[section]).map(({ key, example }) => ({
      section,
      key,
      example,
    })),
  );
}

// @iarna/toml's message ends in a code frame quoting the source, which may hold a secret: drop it.
function syntaxProblem(err: unknown): SyntaxProblem {
  const e = err as { fromTOML?: boolean; line?: unknown; col?: unknown; message?: unknown };
  if (!e?.fromTOML || typeof e.line !== 'number' || typeof e.col !== 'number') throw err;
  const reason = String(e.message).split(' at row ')[0] ?? 'invalid TOML';
  return { line: e.line + 1, column: e.col + 1, reason };
}

function isSection(name: string): name is SectionName | 'env' {
  return name === 'env' || Object.hasOwn(SCHEMA, name);
}

// Messages carry their line so they can be sorted into reading order before they are shown.
class Problems implements ProblemSink {
  private readonly errors: { line: number; text: string }[] = [];
  private readonly warnings: { line: number; text: string }[] = [];
  constructor(
    private readonly file: string,
    private readonly lines: Map<string, number>,
  ) {}
  error(path: string[], text: string): void {
    this.errors.push(this.locate(path, text));
  }
  warn(path: string[], text: string): void {
    this.warnings.push(this.locate(path, text));
  }
  sorted(): { errors: string[]; warnings: string[] } {
    const order = (list: { line: number; text: string }[]) =>
      [...list].sort((a, b) => a.line - b.line).map((p) => p.text);
    return { errors: order(this.errors), warnings: order(this.warnings) };
  }
  private locate(path: string[], text: string): { line: number; text: string } {
    const line = lineOf(this.lines, path);
    const where = line === undefined ? this.file : `${this.file}:${line}`;
    return { line: line ?? Number.MAX_SAFE_INTEGER, text: `${where}: ${text}` };
  }
}
