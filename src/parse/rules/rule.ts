// The contract every per-key rule follows: a value in, a normalised value or a reason out.

/** A rule's verdict on one directive value. */
export type RuleResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Accepts a normalised value. */
export function accept<T>(value: T): RuleResult<T> {
  return { ok: true, value };
}

/** Rejects a value, saying why in words a user can act on. */
export function reject<T = never>(reason: string): RuleResult<T> {
  return { ok: false, reason };
}

/** Parses a whole decimal number within bounds, refusing signs, decimals and blanks. */
export function wholeNumber(text: string, min: number, max: number): number | undefined {
  if (!/^\d{1,10}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}
