// The tables of `status` and `deployments`, drawn from the daemon's data as `mypaas server …` draws them.
import { table, took, when } from './table.js';

/** A JSON object from the daemon, fields unchecked until read. */
export type Row = Record<string, unknown>;

/** Services with state, release, containers and urls; one service also lists its containers. */
export function statusTable(rows: Row[], deployHint: string): string {
  if (rows.length === 0) return `no services yet: deploy one with ${deployHint}\n`;
  const containersOf = (s: Row) => (Array.isArray(s.containers) ? s.containers.filter(isRow) : []);
  const cells = rows.map((s) => {
    const containers = containersOf(s);
    const running = containers.filter((c) => c.state === 'running').length;
    return [
      cell(s.service),
      cell(s.env),
      cell(s.state),
      cell(s.release),
      typeof s.deployment === 'number' ? `#${s.deployment}` : '-',
      `${running}/${containers.length} running`,
      when(typeof s.liveSince === 'number' ? s.liveSince : null),
      Array.isArray(s.urls) && s.urls.length > 0 ? s.urls.join(' ') : '-',
    ];
  });
  const header = [
    'SERVICE',
    'ENV',
    'STATE',
    'RELEASE',
    'DEPLOYMENT',
    'CONTAINERS',
    'LIVE SINCE',
    'URLS',
  ];
  const details = rows.length === 1 && rows[0] ? containersOf(rows[0]) : [];
  return (
    table(header, cells) +
    details.map((c) => `  ${cell(c.name)}  ${cell(c.state)}  ${cell(c.ip)}\n`).join('')
  );
}

/** Deployments, newest first, with how long each took and how it failed. */
export function deploymentsTable(rows: Row[]): string {
  if (rows.length === 0) return 'no deployments yet\n';
  const time = (v: unknown) => (typeof v === 'number' ? v : null);
  const cells = rows.map((d) => {
    const started = time(d.startedAt);
    const finished = time(d.finishedAt);
    return [
      `#${cell(d.id)}`,
      cell(d.releaseId),
      cell(d.trigger),
      cell(d.actor),
      cell(d.status),
      when(started),
      took(started === null || finished === null ? null : finished - started),
      (typeof d.error === 'string' ? d.error : '').slice(0, 80),
    ];
  });
  return table(['ID', 'RELEASE', 'TRIGGER', 'ACTOR', 'STATUS', 'STARTED', 'TOOK', 'ERROR'], cells);
}

/** Any value as one table cell: `-` for none, lists joined by spaces, objects as JSON. */
export function cell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.join(' ');
  return JSON.stringify(value);
}

/** True for a JSON object (not an array, not null). */
export function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
