// Counts the commands that change something while they run, so a stopping daemon refuses new
// ones and waits (bounded) for those in flight instead of cutting a deploy in half.
import { MypaasError } from '../../core/errors.js';

/** The daemon's view of the changes in flight. */
export interface ChangeTracker {
  /** Runs `work` as a change; refused with DAEMON_SHUTTING_DOWN once `drain` was called. */
  track<T>(work: () => Promise<T>): Promise<T>;
  /** Refuses new changes and resolves when none run, or after `timeoutMs`; true if all finished. */
  drain(timeoutMs: number): Promise<boolean>;
  readonly stopping: boolean;
  readonly inFlight: number;
}

/** A tracker with nothing in flight. */
export function changeTracker(): ChangeTracker {
  let stopping = false;
  let inFlight = 0;
  const idle: (() => void)[] = [];
  return {
    async track<T>(work: () => Promise<T>): Promise<T> {
      if (stopping) {
        throw new MypaasError('DAEMON_SHUTTING_DOWN', 'the mypaas daemon is shutting down', {
          hint: 'try again in a moment, once it has restarted',
        });
      }
      inFlight += 1;
      try {
        return await work();
      } finally {
        inFlight -= 1;
        if (inFlight === 0) idle.splice(0).forEach((wake) => wake());
      }
    },
    async drain(timeoutMs: number): Promise<boolean> {
      stopping = true;
      if (inFlight === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        new Promise<boolean>((resolve) => idle.push(() => resolve(true))),
        new Promise<boolean>((resolve) => {
          // Unref'd: the work in flight keeps the process alive, the deadline alone must not.
          timer = setTimeout(() => resolve(false), timeoutMs).unref();
        }),
      ]);
      clearTimeout(timer);
      return finished;
    },
    get stopping() {
      return stopping;
    },
    get inFlight() {
      return inFlight;
    },
  };
}
