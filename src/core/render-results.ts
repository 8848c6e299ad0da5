// One renderer per result, used by every transport: the host CLI, a plain ssh client and the
// mypaas CLI over SSH differ only in how headers look and how a follow-up command is written.
import type {
  AuditEntry,
  DeploymentInfo,
  EnvChangeResult,
  EnvListResult,
  LiveResult,
  ServiceStatus,
  TargetResult,
} from './results.js';
import {
  cell,
  clipped,
  deploymentsTable,
  statusTable,
  textTable,
  timeText,
  type HeaderStyle,
  type Row,
} from './tables.js';

/** How a transport writes a command in a hint: `mypaas server redeploy web`, `redeploy web`. */
export type CommandVoice = (command: string, args: string) => string;

/** The way each transport speaks. */
export const voices = {
  host: ((command, args) => `mypaas server ${command} ${args}`) as CommandVoice,
  ssh: ((command, args) => `${command} ${args}`) as CommandVoice,
  remote:
    (server: string): CommandVoice =>
    (command, args) =>
      `mypaas ${command} ${server} ${args}`,
};

/** Headers, the success mark and the voice of hints. */
export interface RenderStyle {
  bold: HeaderStyle;
  /** `✓`, green on a terminal. */
  ok: string;
  voice: CommandVoice;
  /** How to deploy from where the reader is: `mypaas server deploy DIR`, `mypaas push prod DIR`. */
  deploy: string;
}

/** `service (env)` in messages; production is left out where it is the only one. */
function where(r: TargetResult): string {
  return `${cell(r.service)} (${cell(r.env)})`;
}

/** Each result as text, each line ending in a newline. Pure. */
export const render = {
  live: (r: LiveResult, s: RenderStyle): string => {
    const env = r.env === 'production' ? '' : ` (${cell(r.env)})`;
    const count = r.containers.length;
    return (
      `${s.ok} ${cell(r.service)}${env} is live: release ${cell(r.release)} (deployment #${r.deployment}), ` +
      `${count} container${count === 1 ? '' : 's'}\n` +
      r.urls.map((u) => `  ${cell(u)}\n`).join('')
    );
  },
  statuses: (list: ServiceStatus[], s: RenderStyle, asked?: string): string =>
    asked !== undefined && list.length === 0
      ? `no service named ${asked}\n`
      : statusTable(list as unknown as Row[], s.deploy, s.bold),
  deployments: (list: DeploymentInfo[], s: RenderStyle, of?: TargetResult): string =>
    list.length === 0
      ? `no deployments${of ? ` of ${where(of)}` : ' yet'}\n`
      : deploymentsTable(list as unknown as Row[], s.bold),
  envList: (vars: EnvListResult): string =>
    Object.entries(vars)
      .map(([k, v]) => `${k}=${cell(v)}\n`)
      .join(''),
  envChange: (r: EnvChangeResult, s: RenderStyle): string => {
    const [verb, keys] = r.set ? ['set', r.set] : ['unset', r.unset ?? []];
    if (keys.length === 0) return '';
    // Set before a first deploy (or while not live): a redeploy cannot apply it; the note says when.
    const then = r.note ?? `apply with: ${s.voice('redeploy', r.service)}`;
    return `${verb} ${keys.join(', ')} for ${where(r)}; ${then}\n`;
  },
  stopped: (r: TargetResult, s: RenderStyle): string =>
    `stopped ${where(r)}; start it again with: ${s.voice('start', r.service)}\n`,
  started: (r: TargetResult): string => `started ${where(r)}\n`,
  removed: (r: TargetResult): string => `removed ${where(r)}\n`,
  audit: (entries: AuditEntry[], s: RenderStyle): string =>
    entries.length === 0
      ? 'the audit log is empty\n'
      : textTable(
          ['TIME', 'KEY', 'FINGERPRINT', 'COMMAND', 'TARGET', 'OUTCOME', 'DETAIL'],
          entries.map((e) => [
            timeText(e.at),
            cell(e.keyName),
            e.fingerprint ?? '-',
            cell(e.command),
            cell(e.target ?? '-'),
            e.outcome,
            cell(clipped(e.detail ?? '', 100)),
          ]),
          s.bold,
        ),
};
