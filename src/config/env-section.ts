// config.toml [env]: the host's secrets and which services may read each. Messages name keys and
// the types of values, never a value itself.
import { checkService } from '../parse/rules/service.js';
import type { Secret } from './schema.js';
import { isTable, nearest, shorten, show, typeName, type ProblemSink } from './toml-values.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const GRANT_KEYS = ['value', 'services'] as const;
const SERVICES_EXAMPLE = 'services = ["web", "api"]';

/** Reads `KEY = "value"` (unscoped) and `[env.KEY]` value + services (granted) entries. */
export function readEnv(raw: unknown, problems: ProblemSink): Record<string, Secret> {
  const entries: [string, Secret][] = [];
  for (const [name, value] of Object.entries(isTable(raw) ? raw : {})) {
    const where = `[env] ${shorten(name)}`;
    if (!ENV_NAME.test(name)) {
      const why = 'names use letters, digits and _, and do not start with a digit';
      problems.error(['env', name], `${where}: ${why}; e.g. DB_URL = "..."`);
    } else if (isTable(value)) {
      const grant = readGrant(name, value, problems);
      if (grant) entries.push([name, grant]);
    } else if (typeof value !== 'string') {
      const why = `expected a string, got ${typeName(value)}; quote it`;
      problems.error(['env', name], `${where}: ${why}, e.g. ${name} = "..."`);
    } else {
      if (value === '') problems.warn(['env', name], `${where}: the value is empty`);
      entries.push([name, { value, services: null }]);
    }
  }
  return Object.fromEntries(entries);
}

// `[env.KEY]` with `value` and `services`: both required, so a typo cannot widen who reads it.
function readGrant(
  name: string,
  table: Record<string, unknown>,
  problems: ProblemSink,
): Secret | undefined {
  const where = `[env.${shorten(name)}]`;
  for (const key of Object.keys(table)) {
    if ((GRANT_KEYS as readonly string[]).includes(key)) continue;
    const near = nearest(key, [...GRANT_KEYS]);
    const hint = near
      ? `did you mean ${near}? e.g. ${near === 'value' ? 'value = "..."' : SERVICES_EXAMPLE}`
      : `a grant has only value = "..." and ${SERVICES_EXAMPLE}`;
    problems.error(['env', name, key], `${where} ${shorten(key)}: unknown key; ${hint}`);
  }
  const value = readValue(name, table.value, problems);
  const services = readServices(name, table.services, problems);
  return value === undefined || services === undefined ? undefined : { value, services };
}

function readValue(name: string, raw: unknown, problems: ProblemSink): string | undefined {
  const where = `[env.${shorten(name)}]`;
  if (raw === undefined) {
    problems.error(['env', name], `${where}: missing value, the secret; e.g. value = "..."`);
  } else if (typeof raw !== 'string') {
    const why = `expected a string, got ${typeName(raw)}; quote it`;
    problems.error(['env', name, 'value'], `${where} value: ${why}, e.g. value = "..."`);
  } else {
    if (raw === '') problems.warn(['env', name, 'value'], `${where} value: the value is empty`);
    return raw;
  }
  return undefined;
}

function readServices(name: string, raw: unknown, problems: ProblemSink): string[] | undefined {
  const where = `[env.${shorten(name)}]`;
  const path = ['env', name, 'services'];
  if (raw === undefined) {
    const why = `missing services, the services that may read ${shorten(name)}`;
    const plain = `(a plain ${shorten(name)} = "..." under [env] is for services no deployer key may deploy)`;
    problems.error(['env', name], `${where}: ${why}; e.g. ${SERVICES_EXAMPLE} ${plain}`);
    return undefined;
  }
  if (!Array.isArray(raw)) {
    const why = `expected a list of service names, got ${typeName(raw)}`;
    problems.error(path, `${where} services: ${why}; e.g. ${SERVICES_EXAMPLE}`);
    return undefined;
  }
  const services: string[] = [];
  let bad = false;
  raw.forEach((entry: unknown, i) => {
    const checked = typeof entry === 'string' ? checkService(entry) : undefined;
    if (checked?.ok) {
      if (!services.includes(checked.value)) services.push(checked.value);
      return;
    }
    bad = true;
    const what = typeof entry === 'string' ? show(entry) : `entry ${i + 1}`;
    const why = checked ? checked.reason : `expected a service name, got ${typeName(entry)}`;
    problems.error(path, `${where} services: ${what} ${why}; e.g. ${SERVICES_EXAMPLE}`);
  });
  if (bad) return undefined;
  if (services.length === 0) {
    problems.warn(path, `${where} services: the list is empty, so no service can read ${name}`);
  }
  return services;
}
