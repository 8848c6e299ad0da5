// What each operation answers: the data behind every `--json` and every table, the same on the
// host, over SSH and (later) over HTTP. The daemon and the CLI both import these types, and the
// CLI checks data from the wire against them (the guards) before it trusts a field.
import { isRow } from './tables.js';

/** The service and environment acted on (stop, start, rm). */
export interface TargetResult {
  service: string;
  env: string;
}

/** A release made live: by a deploy, a push, a rollback or a redeploy. */
export interface LiveResult extends TargetResult {
  deployment: number;
  release: string;
  urls: string[];
  containers: { name: string; ip: string | null }[];
}

/** Where a (service, env) is: live and running or stopped, or not live: a first deployment
 * running, or none that went live (its last one failed or was interrupted). */
export type ServiceState = 'running' | 'stopped' | 'deploying' | 'failed' | 'never live';

/** One container as status shows it. */
export interface ContainerStatus {
  name: string;
  state: string;
  ip: string | null;
  health: string | null;
}

/** One (service, env) as `status` shows it; no env values, so no secrets. */
export interface ServiceStatus extends TargetResult {
  state: ServiceState;
  deployment: number | null;
  release: string | null;
  liveSince: number | null;
  urls: string[];
  /** null when Docker could not be asked (it is not reachable): unknown, not none. */
  containers: ContainerStatus[] | null;
  /** The newest deployment, live or not, with how it ended. */
  lastDeployment: { id: number; status: string; error: string | null; startedAt: number } | null;
  /** Automatic certificates of its https hosts (HAProxy driver; Traefik keeps its own). */
  certificates?: CertificateStatus[];
}

/** One https host's certificate: `failing` carries the CA's last reason and the next try. */
export interface CertificateStatus {
  host: string;
  state: 'valid' | 'pending' | 'failing' | 'hand-placed';
  /** Expiry of the ordered certificate (ms since the epoch), when there is one. */
  notAfter: number | null;
  failures: number;
  error: string | null;
  nextAttemptAt: number | null;
}

/** One deployment as `deployments` lists it. */
export interface DeploymentInfo {
  id: number;
  service: string;
  env: string;
  releaseId: string;
  trigger: string;
  actor: string;
  status: string;
  step: string | null;
  previousDeploymentId: number | null;
  startedAt: number;
  finishedAt: number | null;
  error: string | null;
}

/** `env list`: names to values, masked unless revealed. */
export type EnvListResult = Record<string, string>;

/** `env set` / `env unset`: which names changed (and, for unset, which were not set). */
export interface EnvChangeResult extends TargetResult {
  set?: string[];
  unset?: string[];
  missing?: string[];
  /** When the values apply, if not at a redeploy (the service is not live yet). */
  note?: string;
}

/** `logs`: the lines came as they were read; the result counts them. */
export interface LogsResult {
  lines: number;
}

/** ok: done; failed: tried and failed; denied: refused before anything was tried. */
export type AuditOutcome = 'ok' | 'failed' | 'denied';

/** One recorded command. */
export interface AuditEntry {
  id: number;
  /** ms epoch. */
  at: number;
  keyName: string;
  /** The key's `SHA256:` fingerprint; null for commands run locally on the host. */
  fingerprint: string | null;
  /** e.g. `push`, `env set`, `keys add`. */
  command: string;
  /** e.g. `web (production)`; null when the command has none. */
  target: string | null;
  outcome: AuditOutcome;
  /** The deployment made, or the error code and message. Never a secret value. */
  detail: string | null;
}

/** Checks on data from the wire, one per result shape. */
export const isResult = {
  target: (d: unknown): d is TargetResult =>
    isRow(d) && typeof d.service === 'string' && typeof d.env === 'string',
  live: (d: unknown): d is LiveResult =>
    isResult.target(d) &&
    typeof (d as Partial<LiveResult>).deployment === 'number' &&
    typeof (d as Partial<LiveResult>).release === 'string' &&
    Array.isArray((d as Partial<LiveResult>).urls) &&
    Array.isArray((d as Partial<LiveResult>).containers),
  statuses: (d: unknown): d is ServiceStatus[] =>
    Array.isArray(d) && d.every((s) => isResult.target(s)),
  deployments: (d: unknown): d is DeploymentInfo[] =>
    Array.isArray(d) && d.every((r) => isRow(r) && typeof r.id === 'number'),
  envList: (d: unknown): d is EnvListResult =>
    isRow(d) && Object.values(d).every((v) => typeof v === 'string'),
  envChange: (d: unknown): d is EnvChangeResult => isResult.target(d),
  logs: (d: unknown): d is LogsResult => isRow(d) && typeof d.lines === 'number',
  audit: (d: unknown): d is AuditEntry[] =>
    Array.isArray(d) && d.every((e) => isRow(e) && typeof e.command === 'string'),
};
