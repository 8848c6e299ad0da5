// The Dockerfile-comment parser: text in, a ServiceSpec or every problem out. Never throws.
import { findDirectives, splitLines, type Directive } from './directives.js';
import { assembleSpec, type Seen } from './assemble-spec.js';
import { KEYS, isKnownKey } from './keys.js';
import { keyProblem, unknownKeyProblem, valueProblem } from './problem.js';
import type { ParseProblem, ParseResult } from './spec.js';

/** Reads the `# mypaas.*` directives of a Dockerfile's text into a normalised spec. */
export function parseDockerfile(text: string): ParseResult {
  const errors: ParseProblem[] = [];
  const warnings: string[] = [];
  const lines = splitLines(text);
  const { directives, malformed } = findDirectives(lines);
  for (const m of malformed) errors.push(valueProblem(m.line, m.key, m.raw, m.reason));
  const seen: Seen = { accepted: new Map(), firstLine: new Map() };
  for (const directive of directives) {
    const problem = checkDirective(directive, seen, warnings);
    if (problem) errors.push(problem);
  }
  const spec = assembleSpec(lines, seen, errors, warnings);
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return errors.length === 0 && spec
    ? { ok: true, spec, warnings }
    : { ok: false, errors, warnings };
}

function checkDirective(d: Directive, seen: Seen, warnings: string[]): ParseProblem | null {
  if (!isKnownKey(d.key)) return unknownKeyProblem(d.line, d.key);
  if (d.value === '') {
    warnings.push(`line ${d.line}: mypaas.${d.key} has an empty value and is ignored`);
    return null;
  }
  const info = KEYS[d.key];
  const first = seen.firstLine.get(d.key);
  if (first === undefined) seen.firstLine.set(d.key, d.line);
  else if (!info.repeatable) {
    return keyProblem(d.line, d.key, `is given again (first on line ${first}); keep one`);
  }
  const verdict = info.check(d.value);
  if (!verdict.ok) return valueProblem(d.line, d.key, d.raw, verdict.reason);
  seen.accepted.set(d.key, [
    ...(seen.accepted.get(d.key) ?? []),
    { line: d.line, value: verdict.value },
  ]);
  return null;
}
