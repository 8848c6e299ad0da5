// Which images a Dockerfile's build reads: FROM lines (global ARG defaults expanded, as the
// builder does when no build arguments are given) and COPY --from, minus the stages it defines.
import type { Instruction } from './instructions.js';

/** An image the build would read, or a reference mypaas cannot resolve without running it. */
export interface ImageReference {
  ref: string;
  line: number;
  /** The words as written, for messages. */
  written: string;
  /** True when a variable in it has no value mypaas can know. */
  unresolved: boolean;
}

/** The images named by `instructions`, in order; stage names and `scratch` are left out. */
export function imageReferences(instructions: readonly Instruction[]): ImageReference[] {
  const args = new Map<string, string>();
  const stages: Stages = { names: [], count: 0 };
  const found: ImageReference[] = [];
  let seenFrom = false;
  for (const { keyword, args: text, line } of instructions) {
    const words = text.split(/\s+/).filter(Boolean);
    if (keyword === 'ARG' && !seenFrom) {
      for (const word of words) {
        const eq = word.indexOf('=');
        args.set(
          eq === -1 ? word : word.slice(0, eq),
          eq === -1 ? '' : unquote(word.slice(eq + 1)),
        );
      }
    }
    if (keyword === 'FROM') {
      seenFrom = true;
      const [image = '', as, name] = words.filter((w) => !w.startsWith('--'));
      const ref = expand(image, args);
      if (!isStage(ref, stages))
        found.push({
          ref: ref ?? image,
          line,
          written: image,
          unresolved: ref === null || ref === '',
        });
      if (as?.toLowerCase() === 'as' && name) stages.names.push(name.toLowerCase());
      stages.count += 1;
    }
    // ONBUILD COPY --from=… runs in the builds made FROM this image: checked the same way.
    const copy = keyword === 'ONBUILD' ? words.slice(1) : words;
    const isCopy =
      keyword === 'COPY' || (keyword === 'ONBUILD' && words[0]?.toUpperCase() === 'COPY');
    if (isCopy) {
      for (const word of copy.filter((w) => w.toLowerCase().startsWith('--from='))) {
        const written = word.slice('--from='.length);
        const unresolved = written.includes('$');
        if (!unresolved && isStage(written.toLowerCase(), stages)) continue;
        found.push({ ref: written, line, written, unresolved });
      }
    }
  }
  return found;
}

// The stages defined so far: by `AS` name, and by index from 0.
interface Stages {
  names: string[];
  count: number;
}

function isStage(ref: string | null, stages: Stages): boolean {
  if (ref === null) return false;
  const lower = ref.toLowerCase();
  if (/^\d+$/.test(ref)) return Number(ref) < stages.count;
  return lower === 'scratch' || stages.names.includes(lower);
}

// `$X`, `${X}`, `${X:-default}` and `${X:+alt}`; null when anything is left that is not known.
function expand(text: string, args: ReadonlyMap<string, string>): string | null {
  let unknown = false;
  const out = text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (
      _all,
      braced: string | undefined,
      op: string | undefined,
      word: string | undefined,
      bare: string | undefined,
    ) => {
      const name = braced ?? bare ?? '';
      const value = args.get(name);
      if (value === undefined) unknown = true;
      if (op === '-') return value ? value : (word ?? '');
      if (op === '+') return value ? (word ?? '') : '';
      return value ?? '';
    },
  );
  return unknown || out.includes('$') ? null : out;
}

function unquote(value: string): string {
  const first = value[0];
  return (first === '"' || first === "'") && value.endsWith(first) && value.length >= 2
    ? value.slice(1, -1)
    : value;
}
