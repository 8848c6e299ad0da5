// Turns a result's data from the wire into text with the renderer every transport uses, once the
// data passed the check for its shape; a shape it does not know is still shown, plainly.
import chalk from 'chalk';
import { render, voices, type RenderStyle } from '../../core/render-results.js';
import { isResult } from '../../core/results.js';
import { cell, isRow } from '../../core/tables.js';
import { table } from '../table.js';

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
  | 'audit'
  | 'plain';

/** The text for `data` (empty when there is nothing to add), each line ending in a newline. */
export function renderResult(kind: ResultKind, data: unknown, server: string): string {
  const style: RenderStyle = {
    bold: (text) => chalk.bold(text),
    ok: chalk.green('✓'),
    voice: voices.remote(server),
    deploy: `mypaas push ${server} DIR`,
  };
  return (kind === 'plain' ? undefined : RENDERERS[kind](data, style)) ?? plain(data);
}

type Renderer = (data: unknown, style: RenderStyle) => string | undefined;

// Each renderer checks the shape it knows and returns undefined for anything else.
const RENDERERS: Record<Exclude<ResultKind, 'plain'>, Renderer> = {
  live: (d, s) => (isResult.live(d) ? render.live(d, s) : undefined),
  status: (d, s) => (isResult.statuses(d) ? render.statuses(d, s) : undefined),
  deployments: (d, s) => (isResult.deployments(d) ? render.deployments(d, s) : undefined),
  'env-list': (d) => (isResult.envList(d) ? render.envList(d) : undefined),
  'env-change': (d, s) => (isResult.envChange(d) ? render.envChange(d, s) : undefined),
  stop: (d, s) => (isResult.target(d) ? render.stopped(d, s) : undefined),
  start: (d) => (isResult.target(d) ? render.started(d) : undefined),
  rm: (d) => (isResult.target(d) ? render.removed(d) : undefined),
  // The lines came as `line` events; the result only counts them.
  logs: (d) => (isResult.logs(d) ? '' : undefined),
  audit: (d, s) => (isResult.audit(d) ? render.audit(d, s) : undefined),
};

// Strings as they are, lists of objects as a table, an object as `key: value`, the rest as JSON.
function plain(data: unknown): string {
  if (data === undefined || data === null || data === true || data === '') return '';
  if (typeof data === 'string') return data.endsWith('\n') ? data : `${data}\n`;
  if (Array.isArray(data) && data.every(isRow) && data.length > 0) {
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
