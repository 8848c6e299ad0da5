// Which paths of an app directory are sent: .dockerignore with Docker's own semantics, and .git rules.
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import dockerignore from '@balena/dockerignore';

/** Decides, path by path (relative, `/`-separated), what goes into the upload. */
export interface ContextRules {
  /** True when .dockerignore excludes the path (the Dockerfile and .dockerignore never are). */
  ignores(path: string): boolean;
  /** True when an exception (`!pattern`) may re-include something under an excluded directory. */
  mayIncludeUnder(dir: string): boolean;
  /** Whether the top-level `.git` is sent: only when the Dockerfile copies it. */
  sendGit: boolean;
}

/** Reads `root/.dockerignore` (if any) and builds the rules; `dockerfile` is the Dockerfile's text. */
export async function contextRules(root: string, dockerfile: string): Promise<ContextRules> {
  const text = await readFile(posix.join(root, '.dockerignore'), 'utf8').catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    },
  );
  return buildRules(text, dockerfile);
}

/** The rules for a .dockerignore text, as `docker build` applies them to its context. */
export function buildRules(dockerignore: string, dockerfile: string): ContextRules {
  const patterns = readPatterns(dockerignore);
  let matcher = newMatcher().add(patterns);
  // Like the docker CLI: these two are always sent, the daemon needs them even when excluded.
  for (const always of ['.dockerignore', 'Dockerfile']) {
    if (matcher.ignores(always)) patterns.push(`!${always}`);
  }
  matcher = newMatcher().add(patterns);
  const exceptions = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  return {
    ignores: (path) => matcher.ignores(path),
    // moby's archive walk: descend into an excluded dir only if an exception starts with its path.
    mayIncludeUnder: (dir) => exceptions.some((e) => `${e}/`.startsWith(`${dir}/`)),
    sendGit: dockerfileUsesGit(dockerfile),
  };
}

/** True when a COPY or ADD source (or a RUN bind mount) names `.git` or something inside it. */
export function dockerfileUsesGit(dockerfile: string): boolean {
  const instructions = dockerfile.replace(/\\[ \t]*\r?\n/g, ' ').split(/\r?\n/);
  for (const line of instructions) {
    const match = /^\s*(COPY|ADD|RUN)\s+(.*)$/i.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    const args = match[2];
    if (match[1].toUpperCase() === 'RUN') {
      if (/--mount=\S*\b(?:source|src)=(?:\.\/)?\.git(?:[/,\s]|$)/.test(args)) return true;
      continue;
    }
    const words = args.trim().startsWith('[') ? jsonWords(args) : args.trim().split(/\s+/);
    const sources = words.filter((w) => !w.startsWith('--')).slice(0, -1);
    if (sources.some((s) => /^(?:\.\/)*\.git(?:\/|$)/.test(s))) return true;
  }
  return false;
}

// A CommonJS module whose typings declare an ES default; `.default` is the same function at runtime.
function newMatcher() {
  return dockerignore.default({ ignorecase: false });
}

// moby's dockerignore.ReadAll; the matcher itself cleans each pattern the way Go's filepath.Clean does.
function readPatterns(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('#'))
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== '!')
    .map((line) => (line.startsWith('!') ? `!${clean(line.slice(1).trim())}` : clean(line)));
}

function clean(pattern: string): string {
  const normalized = posix.normalize(pattern).replace(/(.)\/+$/, '$1');
  return normalized.length > 1 && normalized.startsWith('/') ? normalized.slice(1) : normalized;
}

function jsonWords(args: string): string[] {
  try {
    const value: unknown = JSON.parse(args.trim());
    return Array.isArray(value) ? value.map(String) : [];
  } catch {
    return [];
  }
}
