// The checks a release passes before any of its containers is made, run once per deployment:
// tenant rules, the container's variables (missing or ungranted secrets), and url claims.
import type { ServiceSpec } from '../../parse/spec.js';
import type { Engine } from '../engine.js';
import { assertTenantSpec } from '../policy/tenant-rules.js';
import { assertUrlsAllowed } from '../routing/assert-urls-allowed.js';
import { liveUrlClaims } from '../routing/live-claims.js';
import { listEnvVars } from '../state/env-vars.js';
import { resolveEnv } from './resolve-env.js';

/** What a release starts with once its checks pass: the swap uses these, it does not redo them. */
export interface CheckedStart {
  /** The deployer rules apply (isConfined). */
  confined: boolean;
  /** The containers' own variables: Dockerfile values, granted secrets, `server env`. */
  variables: Record<string, string>;
}

/** What is checked: the release's spec, where it goes, whether the deployer rules apply. */
export interface StartCandidate {
  spec: ServiceSpec;
  env: string;
  confined: boolean;
}

/** How a deployment runs its start checks; a port so tests can count them. */
export type StartChecker = (engine: Engine, candidate: StartCandidate) => CheckedStart;

/** Throws the first refusal (PERMISSION_DENIED by the tenant rules, SECRET_MISSING,
 * SECRET_NOT_GRANTED, URL_CONFLICT); else the variables. A url another service claims while this
 * one builds is kept out of the proxy by the route guard at the switch (guarded-router.ts). */
export const startChecks: StartChecker = (engine, { spec, env, confined }) => {
  const { config } = engine;
  if (confined) assertTenantSpec(spec, config.deployers);
  const variables = resolveEnv(spec, {
    secrets: config.env,
    overrides: listEnvVars(engine.db, spec.service, env),
    configFile: engine.configFile,
    confined,
  });
  assertUrlsAllowed(
    liveUrlClaims(engine.db),
    { service: spec.service, env, urls: spec.urls },
    config.routing.sharedHosts,
  );
  return { confined, variables };
};
