// Shows a parsed ServiceSpec: a readable summary for people, a fixed JSON shape for programs.
import chalk from 'chalk';
import type { ServiceSpec } from '../parse/spec.js';

/** The `parse --json` contract: the spec's fields in a fixed order, then the warnings. */
export function specJson(spec: ServiceSpec, warnings: string[]): Record<string, unknown> {
  const { service, urls, port, scale, volumes, env, publish, maxcpu, maxmem, healthcheck } = spec;
  return {
    service,
    urls,
    port,
    scale,
    volumes,
    env,
    publish,
    maxcpu,
    maxmem,
    healthcheck,
    warnings,
  };
}

/** A few aligned lines that say what will run and how it will be deployed. */
export function formatSpec(spec: ServiceSpec): string {
  const rows: [string, string][] = [
    ['service', spec.service],
    ['urls', list(spec.urls, 'none (reachable only on the mypaas network)')],
    ['port', String(spec.port)],
    ['deploys', deployStyle(spec.scale)],
    [
      'volumes',
      list(
        spec.volumes.map((v) => `${v.host} -> ${v.container}${v.readOnly ? ' (read-only)' : ''}`),
      ),
    ],
    [
      'env',
      list(
        Object.entries(spec.env).map(([k, v]) =>
          v === null ? `${k} (from config.toml [env])` : `${k}=${v}`,
        ),
      ),
    ],
    ['publish', list(spec.publish)],
    ['maxcpu', spec.maxcpu === null ? '-' : `${spec.maxcpu} cores`],
    ['maxmem', spec.maxmem === null ? '-' : bytes(spec.maxmem)],
    ['healthcheck', health(spec)],
  ];
  return rows.map(([k, v]) => `${chalk.bold(k.padEnd(12))}${v}\n`).join('');
}

function deployStyle(scale: number | null): string {
  if (scale === null || scale === 0)
    return '1 container, stop-then-start (set mypaas.scale >= 1 for zero downtime)';
  return `${scale} container${scale === 1 ? '' : 's'}, zero-downtime swap`;
}

function health(spec: ServiceSpec): string {
  const h = spec.healthcheck;
  if (h === null) return 'GET / must answer below 500 within 30s';
  return `GET ${h.path} every ${h.intervalMs}ms, must answer below 500 within ${h.timeoutMs / 1000}s`;
}

function list(items: string[], empty = '-'): string {
  return items.length === 0 ? empty : items.join(',\n' + ' '.repeat(12));
}

function bytes(n: number): string {
  const mib = n / 1024 / 1024;
  return mib >= 1024 ? `${+(mib / 1024).toFixed(2)} GiB` : `${+mib.toFixed(2)} MiB`;
}
