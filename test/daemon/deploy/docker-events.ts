// Docker's own record of what happened to a service's containers, to check the order of a swap.
import type Docker from 'dockerode';
import { LABELS } from '../../../src/daemon/runtime/container-runtime.js';

/** One container event: `create`, `start`, `kill`, `die`, `stop`, `destroy`… */
export interface DockerEvent {
  status: string;
  id: string;
  timeNano: number;
  /** The container's labels and name. */
  Actor: { Attributes: Record<string, string> };
}

/** The container events of `service` between `since` and `until` (unix seconds); waits for `until`. */
export async function dockerEvents(
  docker: Docker,
  service: string,
  since: number,
  until: number,
): Promise<DockerEvent[]> {
  const raw = (await docker.getEvents({
    since,
    until,
    filters: { type: ['container'], label: [`${LABELS.service}=${service}`] },
  })) as unknown;
  const text = Buffer.isBuffer(raw)
    ? raw.toString('utf8')
    : await streamText(raw as NodeJS.ReadableStream);
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as DockerEvent);
}

/** When `id` had events of `status`, oldest first, in ns. */
export function eventTimes(events: DockerEvent[], id: string, status: string): number[] {
  return events.filter((e) => e.id === id && e.status === status).map((e) => e.timeNano);
}

/** The ids of the containers a deployment made (build steps make containers too). */
export function deploymentContainerIds(events: DockerEvent[], deploymentId: number): string[] {
  const made = events.filter(
    (e) => e.status === 'create' && e.Actor.Attributes[LABELS.deployment] === String(deploymentId),
  );
  return made.map((e) => e.id);
}

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}
