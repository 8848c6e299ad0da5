// The camelCase shapes of the state tables, shared by the repository modules and their callers.
import type { ServiceSpec } from '../../parse/spec.js';

/** An immutable build result: image `<service>:<id>` plus the spec it was built from. */
export interface Release {
  id: string;
  service: string;
  env: string;
  image: string;
  spec: ServiceSpec;
  gitSha: string | null;
  /** Built for a deployer key: the deployer rules apply to every later start of it. */
  confined: boolean;
  /** ms epoch. */
  createdAt: number;
}

/** Every value the deployments.trigger CHECK allows, for validation and help texts. */
export const DEPLOYMENT_TRIGGERS = [
  'push',
  'server-deploy',
  'redeploy',
  'rollback',
  'git',
  'webhook',
] as const;

/** What started a deployment. */
export type DeploymentTrigger = (typeof DEPLOYMENT_TRIGGERS)[number];

/** Every value the deployments.status CHECK allows: queued → building → starting → live, or an end. */
export const DEPLOYMENT_STATUSES = [
  'queued',
  'building',
  'starting',
  'live',
  'failed',
  'interrupted',
  'superseded',
] as const;

/** Where a deployment is; the first three mean "not finished" (crash recovery looks for them). */
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** One attempt to make a release live. */
export interface Deployment {
  id: number;
  service: string;
  env: string;
  releaseId: string;
  trigger: DeploymentTrigger;
  /** Who asked: an SSH key name, `root`, `webhook:github`… */
  actor: string;
  status: DeploymentStatus;
  /** Finer progress for crash recovery: 'build', 'start', 'gate', 'route', 'drain', 'cleanup'… */
  step: string | null;
  /** The deployment that was live when this one started, the one to fall back to. */
  previousDeploymentId: number | null;
  /** The process running it, to tell an interrupted deployment from one still in progress. */
  pid: number | null;
  pidStart: string | null;
  /** ms epoch. */
  startedAt: number;
  finishedAt: number | null;
  error: string | null;
}

/** Whether a service's containers should run. */
export type ServiceState = 'running' | 'stopped';

/** One (service, env) the host knows, and which deployment of it is live. */
export interface ServiceRow {
  service: string;
  env: string;
  state: ServiceState;
  liveDeploymentId: number | null;
  createdAt: number;
  updatedAt: number;
}

/** Which output a log line came from: `docker build`, or the deploy steps after it. */
export type LogStream = 'build' | 'deploy';

/** One stored line of a deployment's output; `seq` counts from 1 per deployment. */
export interface LogLine {
  seq: number;
  stream: LogStream;
  at: number;
  line: string;
}

/** A process as the deploy lock knows it: pid plus its start time, so a reused pid is not it. */
export interface ProcessIdentity {
  pid: number;
  /** Field 22 (starttime) of /proc/<pid>/stat, in clock ticks since boot. */
  start: string;
}

/** Who asks for a deploy lock. */
export interface LockHolder extends ProcessIdentity {
  deploymentId: number | null;
}

/** What a refused caller is told about whom it waits for: the lock's holder, or an older
 * deployment queued ahead of it. */
export interface LockOwner {
  pid: number;
  deploymentId: number | null;
  /** When the holder took the lock, or when the deployment ahead was queued. */
  acquiredAt: number;
}

/** The result of one try at the deploy lock. */
export type LockAttempt = { acquired: true } | { acquired: false; holder: LockOwner };
