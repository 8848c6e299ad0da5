// Durations as people write them in Dockerfile comments and config.toml: 250ms, 5s, 1.5m, 1h.

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds for a duration such as `250ms`, `5s`, `2m` or `1h`; undefined when unreadable. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const [, amount = '', unit = ''] = match;
  const ms = Math.round(Number(amount) * (UNIT_MS[unit] ?? NaN));
  return Number.isSafeInteger(ms) ? ms : undefined;
}
