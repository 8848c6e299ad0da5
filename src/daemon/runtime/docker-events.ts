// Docker's event stream, narrowed to what moves a mypaas container's address: it started, restarted,
// died, or was connected to a network. The stream is opened again whenever Docker drops it.
import type Docker from 'dockerode';
import { setTimeout as sleep } from 'node:timers/promises';
import { LABELS, type ContainerEvent, type WatchEventsOptions } from './container-runtime.js';

/** Docker sends one JSON object a line; a longer line is no event of ours and is skipped. */
const MAX_LINE_BYTES = 64 * 1024;

/** Calls `onEvent` for each such event of a mypaas container until `options.signal` aborts. */
export async function watchEvents(
  docker: Docker,
  onEvent: (event: ContainerEvent) => void,
  options: WatchEventsOptions,
): Promise<void> {
  const { signal } = options;
  while (!signal.aborted) {
    try {
      const stream = await docker.getEvents({
        filters: { type: ['container', 'network'], event: ['start', 'restart', 'die', 'connect'] },
        abortSignal: signal,
      });
      options.onConnected?.();
      await readEvents(stream, signal, async (raw) => {
        const event = await toContainerEvent(docker, raw);
        if (event) onEvent(event);
      });
    } catch (err) {
      if (signal.aborted) return;
      options.onError?.(err);
    }
    // The stream ended (Docker restarted) or failed: try again after a pause.
    await sleep(options.retryMs, undefined, { signal }).catch(() => undefined);
  }
}

interface RawEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

// Container events carry the container's labels; a network's names the container it connected.
async function toContainerEvent(docker: Docker, raw: RawEvent): Promise<ContainerEvent | null> {
  const attributes = raw.Actor?.Attributes ?? {};
  if (raw.Type === 'container') return fromLabels(attributes, raw.Action ?? '');
  const id = attributes.container;
  if (raw.Type !== 'network' || id === undefined) return null;
  try {
    const info = await docker.getContainer(id).inspect();
    return fromLabels(info.Config.Labels ?? {}, raw.Action ?? '');
  } catch {
    return null; // removed meanwhile: nothing of it to route
  }
}

function fromLabels(labels: Record<string, string>, action: string): ContainerEvent | null {
  const service = labels[LABELS.service];
  const env = labels[LABELS.env];
  // Only containers a deployment made; a hand-run `docker run <service>:<release>` is not routed.
  if (service === undefined || env === undefined || labels[LABELS.deployment] === undefined)
    return null;
  return { service, env, action };
}

// Splits the stream into lines and hands each parsed one on, in order; resolves when it ends.
async function readEvents(
  stream: NodeJS.ReadableStream,
  signal: AbortSignal,
  handle: (raw: RawEvent) => Promise<void>,
): Promise<void> {
  const end = (): void => (stream as unknown as { destroy?: () => void }).destroy?.();
  signal.addEventListener('abort', end, { once: true });
  let pending = '';
  try {
    for await (const chunk of stream) {
      pending += String(chunk);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (pending.length > MAX_LINE_BYTES) pending = '';
      for (const line of lines) {
        const raw = parseLine(line);
        if (raw) await handle(raw);
      }
    }
  } finally {
    signal.removeEventListener('abort', end);
  }
}

function parseLine(line: string): RawEvent | null {
  if (line.trim() === '' || line.length > MAX_LINE_BYTES) return null;
  try {
    return JSON.parse(line) as RawEvent;
  } catch {
    return null;
  }
}
