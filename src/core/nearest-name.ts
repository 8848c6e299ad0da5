// "Did you mean web?": the known name closest to a mistyped one, by a bounded edit distance.

/** Names longer than this are compared by their first this-many characters (service names: 63). */
const MAX_LENGTH = 64;

/** At most this many candidates are looked at, so the work stays small whatever the host holds. */
const MAX_CANDIDATES = 2_000;

/**
 * The candidate nearest to `name` (fewest edits: a character added, removed, changed, or two
 * swapped), if it is near enough to be a typo: 1 edit for names of up to 3 characters, else 2.
 * Ties go to the first candidate.
 */
export function nearestName(name: string, candidates: Iterable<string>): string | null {
  const wanted = name.slice(0, MAX_LENGTH);
  const limit = wanted.length <= 3 ? 1 : 2;
  let best: string | null = null;
  let bestDistance = limit + 1;
  let seen = 0;
  for (const candidate of candidates) {
    if (++seen > MAX_CANDIDATES) break;
    if (candidate === name) continue;
    const d = editDistance(wanted, candidate.slice(0, MAX_LENGTH), bestDistance - 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Edit distance of `a` and `b` (swaps of neighbours count once), or `max + 1` as soon as it
 * is known to exceed `max`. O(|a|·|b|) on names already cut to MAX_LENGTH. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length] ?? 0, max + 1);
}
