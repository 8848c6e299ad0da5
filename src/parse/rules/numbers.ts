// `# mypaas.port`, `scale` and `maxcpu`: plain numbers with bounds.
import { accept, reject, wholeNumber, type RuleResult } from './rule.js';

/** The most replicas one host is asked to run; more is almost surely a typo. */
export const MAX_SCALE = 1000;

/** Checks a TCP port the app listens on inside its container. */
export function checkPort(value: string): RuleResult<number> {
  const port = wholeNumber(value, 1, 65535);
  return port === undefined ? reject('is not a whole number from 1 to 65535') : accept(port);
}

/** Checks a replica count: 0 means one container with stop-then-start deploys. */
export function checkScale(value: string): RuleResult<number> {
  const scale = wholeNumber(value, 0, MAX_SCALE);
  return scale === undefined
    ? reject(`is not a whole number from 0 to ${MAX_SCALE}`)
    : accept(scale);
}

/** Checks a CPU limit in cores, such as 0.5 or 2. */
export function checkMaxCpu(value: string): RuleResult<number> {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value)) return reject('is not a number of CPU cores');
  const cpus = Number(value);
  if (cpus <= 0) return reject('must be more than 0');
  if (cpus > 1024) return reject('is more cores than any host has');
  return accept(cpus);
}
