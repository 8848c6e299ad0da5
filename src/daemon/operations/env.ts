// env set, unset and list: per-service variables, applied by the next deploy or redeploy.
import { MypaasError } from '../../core/errors.js';
import type { CommandVoice } from '../../core/render-results.js';
import type { EnvChangeResult, EnvListResult } from '../../core/results.js';
import { envApplyNote } from '../env-apply-note.js';
import { requireKnown } from '../known-service.js';
import { listEnvVars, setEnvVars, unsetEnvVars } from '../state/env-vars.js';
import { visibleTo } from './permissions.js';
import type { Operation, Target } from './operation.js';

/** env set's request: the pairs, already split (core/env-pair.ts checks each). */
export interface EnvSetRequest extends Target {
  vars: Record<string, string>;
}

/** Stores values; the next deploy or redeploy applies them. */
export const envSetOperation: Operation<EnvSetRequest, EnvChangeResult> = {
  name: 'env set',
  changes: true,
  target: ({ service, env }) => ({ service, env }),
  run: (ctx, { service, env, vars }) => {
    const keys = Object.keys(vars);
    if (keys.length === 0) throw usage('env set needs KEY=VALUE pairs', ctx.voice, service);
    setEnvVars(ctx.engine.db, service, env, vars, ctx.engine.now());
    const note = envApplyNote(ctx.engine.db, service, env);
    return Promise.resolve({
      result: { service, env, set: keys, ...(note === null ? {} : { note }) },
      detail: `set ${keys.join(', ')}`,
    });
  },
};

/** env unset's request: the names to remove. */
export interface EnvUnsetRequest extends Target {
  keys: string[];
}

/** Removes values; names that were not set are reported, not an error. */
export const envUnsetOperation: Operation<EnvUnsetRequest, EnvChangeResult> = {
  name: 'env unset',
  changes: true,
  target: ({ service, env }) => ({ service, env }),
  run: (ctx, { service, env, keys }) => {
    if (keys.length === 0) throw usage('env unset needs the names to remove', ctx.voice, service);
    requireKnown(ctx.engine.db, service, env, visibleTo(ctx.principal));
    const missing = unsetEnvVars(ctx.engine.db, service, env, keys);
    const unset = keys.filter((k) => !missing.includes(k));
    if (missing.length > 0) ctx.out.warn(`not set, nothing to unset: ${missing.join(', ')}`);
    return Promise.resolve({
      result: { service, env, unset, missing },
      detail: [
        unset.length > 0 ? `unset ${unset.join(', ')}` : 'nothing unset',
        ...(missing.length > 0 ? [`not set: ${missing.join(', ')}`] : []),
      ].join('; '),
    });
  },
};

/** env list's request: values are masked unless `reveal`. */
export interface EnvListRequest extends Target {
  reveal: boolean;
}

/** The stored values, masked by default. */
export const envListOperation: Operation<EnvListRequest, EnvListResult> = {
  name: 'env list',
  changes: false,
  target: ({ service, env }) => ({ service, env }),
  run: ({ engine, principal }, { service, env, reveal }) => {
    requireKnown(engine.db, service, env, visibleTo(principal));
    const vars = listEnvVars(engine.db, service, env);
    const result = Object.fromEntries(
      Object.entries(vars).map(([k, v]) => [k, reveal ? v : '********']),
    );
    return Promise.resolve({ result });
  },
};

function usage(message: string, voice: CommandVoice, service: string): MypaasError {
  return new MypaasError('USAGE', message, {
    hint: `e.g. ${voice('env', `${service} set LOG_LEVEL=debug`)}`,
  });
}
