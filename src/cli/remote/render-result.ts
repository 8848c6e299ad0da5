// Turns a result's data into text. The daemon sends data only, so the CLI words it, the way the
// `server …` commands do; a shape it does not know is still shown, plainly.
import chalk from 'chalk';
import { cell, deploymentsTable, isRow, statusTable, type Row } from '../../core/tables.js';
import { bold, table } from '../table.js';

/** Which command's data this is, i.e. which shape to expect. */
export type ResultKind =
  | 'live'
  | 'status'
  | 'deployments'
  | 'env-list'
  | 'env-change'
  | 'stop'
  | 'start'
  | 'rm'
  | 'logs'
  | 'plain';

/** The text for `data` (empty when there is nothing to add), each line ending in a newline. */
export function renderResult(kind: ResultKind, data: unknown, server: string): string {
  return (kind === 'plain' ? undefined : RENDERERS[kind](data, server)) ?? plain(data);
}

type Renderer = (data: unknown, server: string) => string | undefined;

// Each renderer checks the shape it knows and returns undefined for anything else.
const RENDERERS: Record<Exclude<ResultKind, 'plain'>, Renderer> = {
  live: (d) =>
    isRow(d) && typeof d.service === 'string' && typeof d.release === 'string'
      ? live(d)
      : undefined,
  status: (d, server) =>
    isRowList(d) && d.every((s) => typeof s.service === 'string')
      ? statusTable(d, `mypaas push ${server} DIR`, bold)
      : undefined,
  deployments: (d) =>
    isRowList(d) && d.every((r) => typeof r.id === 'number')
      ? deploymentsTable(d, bold)
      : undefined,
  'env-list': (d) =>
    isRow(d) && Object.values(d).every((v) => typeof v === 'string')
      ? Object.entries(d)
          .map(([k, v]) => `${k}=${cell(v)}\n`)
          .join('')
      : undefined,
  'env-change': (d, server) => {
    if (!isRow(d) || typeof d.service !== 'string') return undefined;
    const [verb, keys] = Array.isArray(d.set)
      ? ['set', d.set]
      : ['unset', Array.isArray(d.unset) ? d.unset : []];
    if (keys.length === 0) return '';
    return `${verb} ${keys.join(', ')} for ${target(d)}; apply with: mypaas redeploy ${server} ${d.service}\n`;
  },
  stop: (d, server) =>
    isTarget(d)
      ? `stopped ${target(d)}; start it again with: mypaas start ${server} ${d.service}\n`
      : undefined,
  start: (d) => (isTarget(d) ? `started ${target(d)}\n` : undefined),
  rm: (d) => (isTarget(d) ? `removed ${target(d)}\n` : undefined),
  // The lines came as `line` events; the result only counts them.
  logs: (d) => (isRow(d) && typeof d.lines === 'number' ? '' : undefined),
};

function live(data: Row): string {
  const env = typeof data.env === 'string' && data.env !== 'production' ? ` (${data.env})` : '';
  const deployment = typeof data.deployment === 'number' ? ` (deployment #${data.deployment})` : '';
  const urls = Array.isArray(data.urls) ? data.urls.map((u) => `  ${cell(u)}\n`).join('') : '';
  return `${chalk.green('✓')} ${cell(data.service)}${env} is live: release ${cell(data.release)}${deployment}\n${urls}`;
}

function target(data: Row): string {
  return `${cell(data.service)} (${cell(data.env)})`;
}

function isTarget(data: unknown): data is Row & { service: string } {
  return isRow(data) && typeof data.service === 'string';
}

// Strings as they are, lists of objects as a table, an object as `key: value`, the rest as JSON.
function plain(data: unknown): string {
  if (data === undefined || data === null || data === true || data === '') return '';
  if (typeof data === 'string') return data.endsWith('\n') ? data : `${data}\n`;
  if (isRowList(data) && data.length > 0) {
    const keys = [...new Set(data.flatMap((d) => Object.keys(d)))];
    return table(
      keys.map((k) => k.toUpperCase()),
      data.map((d) => keys.map((k) => cell(d[k]))),
    );
  }
  if (isRow(data))
    return Object.entries(data)
      .map(([k, v]) => `${k}: ${cell(v)}\n`)
      .join('');
  return `${JSON.stringify(data)}\n`;
}

function isRowList(value: unknown): value is Row[] {
  return Array.isArray(value) && value.every(isRow);
}
