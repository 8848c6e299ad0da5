// `logs --deployment N [--tail N] [-f]`: one reader for the host CLI and the daemon's SSH command.
import { setTimeout as sleep } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { MypaasError } from '../../core/errors.js';
import { logLinesAfter, readLog } from '../state/build-log.js';
import { getDeployment } from '../state/deployments.js';
import { requireKnown, type KnownServiceOptions } from '../known-service.js';

/** How to read: the last `tail` lines (all when absent, none for 0), then new ones with `follow`. */
export interface ReadDeploymentLogOptions extends KnownServiceOptions {
  tail?: number;
  follow: boolean;
  signal: AbortSignal;
  /** How often a follower looks for new lines. */
  pollMs?: number;
  /** The command that lists the service's deployments, for the not-found hint. */
  listHint: string;
}

/** Calls `onLine` for each line of `service`'s deployment `id`; returns how many it passed. */
export async function readDeploymentLog(
  db: Database.Database,
  service: string,
  id: number,
  options: ReadDeploymentLogOptions,
  onLine: (line: string) => void,
): Promise<number> {
  requireKnown(db, service, undefined, options);
  const deployment = getDeployment(db, id);
  if (!deployment || deployment.service !== service) {
    throw new MypaasError('DEPLOYMENT_NOT_FOUND', `${service} has no deployment #${id}`, {
      hint: `list them with: ${options.listHint}`,
    });
  }
  // A follower goes on after the newest stored line, even when the tail showed none of them.
  let last = readLog(db, id, { tail: 1 }).at(-1)?.seq ?? 0;
  let count = 0;
  const pass = (lines: { seq: number; line: string }[]) => {
    for (const l of lines) onLine(l.line);
    count += lines.length;
    last = Math.max(last, lines.at(-1)?.seq ?? 0);
  };
  pass(readLog(db, id, options.tail === undefined ? {} : { tail: options.tail }));
  const unfinished = () =>
    ['queued', 'building', 'starting'].includes(getDeployment(db, id)?.status ?? '');
  while (options.follow && !options.signal.aborted && unfinished()) {
    await sleep(options.pollMs ?? 250);
    pass(logLinesAfter(db, id, last));
  }
  if (options.follow) pass(logLinesAfter(db, id, last));
  return count;
}
