// Docker's progress streams (build, import, pull): read to the end and find the failure in them.
import type Docker from 'dockerode';

/** One line of a build, import or pull stream, as Docker writes it. */
export interface ProgressEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/** Reads a progress stream to its end; Docker reports failures inside it, not by status. */
export function followProgress(
  docker: Docker,
  stream: NodeJS.ReadableStream,
): Promise<ProgressEvent[]> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (err: Error | null, events: ProgressEvent[]) =>
      err ? reject(err) : resolve(events),
    );
  });
}

/** The failure a progress stream reported, or undefined when it reported none. */
export function progressError(events: readonly ProgressEvent[]): string | undefined {
  const failed = events.find((e) => e.error !== undefined || e.errorDetail !== undefined);
  return failed && (failed.errorDetail?.message ?? failed.error ?? JSON.stringify(failed));
}
