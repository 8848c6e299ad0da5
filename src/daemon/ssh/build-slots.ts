// At most max_parallel_builds image builds at once across all pushes; the rest wait their turn.

/** A counting semaphore around builds. */
export interface BuildSlots {
  /** Runs `build` once a slot is free; `onWait` is told when it has to wait first. */
  run<T>(build: () => Promise<T>, onWait?: (running: number) => void): Promise<T>;
  /** Builds running now. */
  readonly running: number;
}

/** Slots for `max` builds at once, handed out first come, first served. */
export function buildSlots(max: number): BuildSlots {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(build: () => Promise<T>, onWait?: (running: number) => void): Promise<T> {
      if (running < max) running += 1;
      else {
        onWait?.(running);
        // The finishing build hands its slot straight over, so `running` stays as it is.
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      try {
        return await build();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else running -= 1;
      }
    },
    get running() {
      return running;
    },
  };
}
