// Aligned text tables and the status and deployments tables, shared by the CLI (which makes headers
// bold) and the daemon (which writes plain text to SSH clients).

/** How a header row is drawn: plain by default, bold in a terminal. */
export type HeaderStyle = (text: string) => string;

const plain: HeaderStyle = (text) => text;

/** Rows under a header, columns padded to their widest cell. */
export function textTable(header: string[], rows: string[][], style: HeaderStyle = plain): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [style(line(header)), ...rows.map(line)].join('\n') + '\n';
}

/** A time as `2026-11-22 01:16:16` (UTC), or `-`. */
export function timeText(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A duration as `12.3s` or `2m05s`, or `-`. */
export function durationText(ms: number | null): string {
  if (ms === null) return '-';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

/** A JSON-like object, fields unchecked until read. */
export type Row = Record<string, unknown>;

/** Services with state, release, containers and urls; one service also lists its containers;
 * a service that is not live says how its last deployment ended. */
export function statusTable(rows: Row[], deployHint: string, style: HeaderStyle = plain): string {
  if (rows.length === 0) return `no services yet: deploy one with ${deployHint}\n`;
  const containersOf = (s: Row) => (Array.isArray(s.containers) ? s.containers.filter(isRow) : []);
  const cells = rows.map((s) => {
    const containers = containersOf(s);
    const running = containers.filter((c) => c.state === 'running').length;
    const known = s.containers !== null;
    return [
      cell(s.service),
      cell(s.env),
      cell(s.state),
      cell(s.release),
      typeof s.deployment === 'number' ? `#${s.deployment}` : '-',
      known ? `${running}/${containers.length} running` : 'unknown',
      timeText(typeof s.liveSince === 'number' ? s.liveSince : null),
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
    textTable(header, cells, style) +
    details.map((c) => `  ${cell(c.name)}  ${cell(c.state)}  ${cell(c.ip)}\n`).join('') +
    rows.map(lastDeploymentLine).join('') +
    rows.map(certificateLines).join('')
  );
}

// Certificates that need attention: `  certificate for a.example.com failing (try 2, next 12:05): …`.
function certificateLines(s: Row): string {
  const certs = Array.isArray(s.certificates) ? s.certificates.filter(isRow) : [];
  return certs
    .filter((c) => c.state === 'failing' || c.state === 'pending')
    .map((c) => {
      if (c.state === 'pending') return `  certificate for ${cell(c.host)} not issued yet\n`;
      const next = typeof c.nextAttemptAt === 'number' ? `, next ${timeText(c.nextAttemptAt)}` : '';
      const error = typeof c.error === 'string' ? `: ${clipped(c.error, 160)}` : '';
      return `  certificate for ${cell(c.host)} failing (try ${cell(c.failures)}${next})${error}\n`;
    })
    .join('');
}

// For a service without a live deployment: `  web (production): deployment #3 failed: …`.
function lastDeploymentLine(s: Row): string {
  const last = s.lastDeployment;
  if (typeof s.deployment === 'number' || !isRow(last)) return '';
  const error = typeof last.error === 'string' ? `: ${clipped(last.error, 120)}` : '';
  return `  ${cell(s.service)} (${cell(s.env)}): deployment #${cell(last.id)} ${cell(last.status)}${error}\n`;
}

/** Deployments, newest first, with how long each took and how it failed. */
export function deploymentsTable(rows: Row[], style: HeaderStyle = plain): string {
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
      timeText(started),
      durationText(started === null || finished === null ? null : finished - started),
      clipped(typeof d.error === 'string' ? d.error : '', 80),
    ];
  });
  return textTable(
    ['ID', 'RELEASE', 'TRIGGER', 'ACTOR', 'STATUS', 'STARTED', 'TOOK', 'ERROR'],
    cells,
    style,
  );
}

/** `text` cut to `max` characters, with … where it was cut (the whole of it is in --json). */
export function clipped(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
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
