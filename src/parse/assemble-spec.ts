// Turns the accepted directive values into a ServiceSpec, with the checks that span several lines.
import { findExposedPort } from './expose.js';
import type { KeyName, KEYS } from './keys.js';
import { keyProblem, show, valueProblem } from './problem.js';
import { hostPortKey } from './rules/publish.js';
import type { ParseProblem, ServiceSpec } from './spec.js';

/** The value type a key's rule produces. */
export type ValueOf<K extends KeyName> = Extract<
  ReturnType<(typeof KEYS)[K]['check']>,
  { ok: true }
>['value'];

/** What the directive pass found: valid values by key (in file order) and each key's first line. */
export interface Seen {
  accepted: Map<KeyName, { line: number; value: unknown }[]>;
  /** Where each key first appeared, valid or not, to catch repeats of single-valued keys. */
  firstLine: Map<string, number>;
}

/** The port an app gets when neither `mypaas.port` nor EXPOSE names one. */
export const DEFAULT_PORT = 80;

/** Builds the spec; pushes cross-line problems (missing service, repeats) to `errors`. */
export function assembleSpec(
  lines: readonly string[],
  { accepted, firstLine }: Seen,
  errors: ParseProblem[],
  warnings: string[],
): ServiceSpec | null {
  const all = <K extends KeyName>(key: K) =>
    (accepted.get(key) ?? []) as { line: number; value: ValueOf<K> }[];
  const one = <K extends KeyName>(key: K): ValueOf<K> | null => all(key)[0]?.value ?? null;
  const repeated = <K extends KeyName>(key: K, id: (v: ValueOf<K>) => string, what: string) =>
    findRepeats(all(key), id, (line, value, firstLine) =>
      errors.push(keyProblem(line, key, `repeats ${what} ${show(id(value))} of line ${firstLine}`)),
    );

  const service = one('service');
  if (!firstLine.has('service')) {
    errors.push(keyProblem(null, 'service', 'is missing; every Dockerfile must name its service'));
  }
  repeated('url', (u) => u, 'the url');
  repeated('volume', (v) => v.container, 'the container path');
  repeated('env', (e) => e.key, 'the variable');
  repeated('publish', hostPortKey, 'the host port');
  const scale = one('scale');
  if (scale !== null && scale > 1) {
    for (const p of all('publish')) {
      errors.push(
        valueProblem(
          p.line,
          'publish',
          p.value,
          `cannot be used with scale ${scale}: every replica would claim the same host port; use scale 0 or 1, or drop the publish`,
        ),
      );
    }
  }
  if (service === null) return null;
  return {
    service,
    urls: all('url').map((u) => u.value),
    port: one('port') ?? exposedPort(lines, warnings),
    scale,
    volumes: all('volume').map((v) => v.value),
    env: Object.fromEntries(all('env').map(({ value }) => [value.key, value.value])),
    publish: all('publish').map((p) => p.value),
    maxcpu: one('maxcpu'),
    maxmem: one('maxmem'),
    healthcheck: one('healthcheck'),
    init: one('init'),
  };
}

function exposedPort(lines: readonly string[], warnings: string[]): number {
  const exposed = findExposedPort(lines);
  if (exposed === null) return DEFAULT_PORT;
  if ('port' in exposed) return exposed.port;
  warnings.push(`${exposed.warning}; using port ${DEFAULT_PORT} (set # mypaas.port to choose)`);
  return DEFAULT_PORT;
}

function findRepeats<T>(
  items: { line: number; value: T }[],
  id: (value: T) => string,
  report: (line: number, value: T, firstLine: number) => void,
): void {
  const first = new Map<string, number>();
  for (const { line, value } of items) {
    const earlier = first.get(id(value));
    if (earlier === undefined) first.set(id(value), line);
    else report(line, value, earlier);
  }
}
