// `# mypaas.healthcheck=PATH [INTERVAL [TIMEOUT]]`: how the deploy gate decides a container is up.
import { parseDuration } from '../../core/duration.js';
import type { HealthcheckSpec } from '../spec.js';
import { accept, reject, type RuleResult } from './rule.js';

/** Probe every 250 ms and give a new container 30 s, as the app contract promises. */
export const DEFAULT_HEALTHCHECK = { intervalMs: 250, timeoutMs: 30_000 } as const;

/** Checks a health check: a path starting with `/`, then optional interval and timeout durations. */
export function checkHealthcheck(value: string): RuleResult<HealthcheckSpec> {
  const words = value.split(/[ \t]+/);
  if (words.length > 3) return reject('has more than PATH, INTERVAL and TIMEOUT');
  const [path = '', interval, timeout] = words;
  if (!path.startsWith('/')) return reject(`has path "${path}"; it must start with /`);
  if (/[^\x21-\x7e]/.test(path))
    return reject('has characters in its path that must be percent-encoded');
  const intervalMs =
    interval === undefined ? DEFAULT_HEALTHCHECK.intervalMs : parseDuration(interval);
  if (intervalMs === undefined || intervalMs <= 0) {
    return reject(`has interval "${interval}"; write a duration such as 250ms, 2s or 1m`);
  }
  const timeoutMs = timeout === undefined ? DEFAULT_HEALTHCHECK.timeoutMs : parseDuration(timeout);
  if (timeoutMs === undefined || timeoutMs <= 0) {
    return reject(`has timeout "${timeout}"; write a duration such as 30s or 2m`);
  }
  if (intervalMs > timeoutMs) return reject('has an interval longer than its timeout');
  return accept({ path, intervalMs, timeoutMs });
}
