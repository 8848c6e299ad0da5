// The table of `# mypaas.*` keys: which rule checks each, whether it repeats, and a good example.
import { checkEnv } from './rules/env.js';
import { checkHealthcheck } from './rules/healthcheck.js';
import { checkInit } from './rules/init.js';
import { checkMaxMem } from './rules/maxmem.js';
import { checkMaxCpu, checkPort, checkScale } from './rules/numbers.js';
import { checkPublish } from './rules/publish.js';
import type { RuleResult } from './rules/rule.js';
import { checkService } from './rules/service.js';
import { checkUrl } from './rules/url.js';
import { checkVolume } from './rules/volume.js';

/** What the parser knows about one key. */
export interface KeyInfo {
  repeatable: boolean;
  example: string;
  check: (value: string) => RuleResult<unknown>;
}

/** Every key mypaas reads, in the order the docs list them. */
export const KEYS = {
  service: { repeatable: false, example: 'myapp', check: checkService },
  url: { repeatable: true, example: 'https://myapp.example.com', check: checkUrl },
  volume: { repeatable: true, example: 'data:/data', check: checkVolume },
  env: { repeatable: true, example: 'LOG_LEVEL=info', check: checkEnv },
  port: { repeatable: false, example: '8080', check: checkPort },
  publish: { repeatable: true, example: '2222:22', check: checkPublish },
  scale: { repeatable: false, example: '2', check: checkScale },
  maxcpu: { repeatable: false, example: '0.5', check: checkMaxCpu },
  maxmem: { repeatable: false, example: '512m', check: checkMaxMem },
  healthcheck: { repeatable: false, example: '/healthz 500ms 60s', check: checkHealthcheck },
  init: { repeatable: false, example: 'false', check: checkInit },
} satisfies Record<string, KeyInfo>;

/** A key the parser knows. */
export type KeyName = keyof typeof KEYS;

/** Narrows a written key to a known one. */
export function isKnownKey(key: string): key is KeyName {
  return Object.hasOwn(KEYS, key);
}
