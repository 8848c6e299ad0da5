// Keeps routes on the containers' current addresses while the daemon runs: each Docker event of a
// mypaas container re-plans its (service, env), debounced, one reconcile per service at a time.
import type { DeployOutput } from '../deploy/deploy-output.js';
import type { Engine } from '../engine.js';
import { listServices } from '../state/services.js';
import { reconcileRoute } from './reconcile-routes.js';

/** How the follower waits: `debounceMs` after a service's last event, `retryMs` to reconnect. */
export interface FollowOptions {
  debounceMs: number;
  retryMs: number;
  log: (text: string) => void;
}

/** A running follower; `stop` ends the event stream and waits for reconciles under way. */
export interface RouteFollower {
  stop(): Promise<void>;
}

/** Follows Docker's events for every live service of `engine` until `stop`. */
export function followRoutes(engine: Engine, options: FollowOptions): RouteFollower {
  const controller = new AbortController();
  const { signal } = controller;
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const output = logOutput(options.log);

  const run = (key: string, target: { service: string; env: string }): void => {
    if (running.has(key)) {
      again.add(key); // an event came while reconciling: read the addresses once more after it
      return;
    }
    const work = (async () => {
      do {
        again.delete(key);
        await reconcileRoute(engine, target, output, signal).catch((err: unknown) => {
          if (!signal.aborted) output.warn(`could not route ${key} again: ${String(err)}`);
        });
      } while (again.has(key) && !signal.aborted);
    })().finally(() => running.delete(key));
    running.set(key, work);
  };

  const schedule = (target: { service: string; env: string }): void => {
    if (signal.aborted) return;
    const key = `${target.service} (${target.env})`;
    clearTimeout(timers.get(key));
    const timer = setTimeout(() => {
      timers.delete(key);
      run(key, target);
    }, options.debounceMs);
    timers.set(key, timer);
  };

  const watching = engine.runtime.watchEvents(schedule, {
    signal,
    retryMs: options.retryMs,
    // Events while the stream was down are lost: every service is looked at again.
    onConnected: () => listServices(engine.db).forEach(schedule),
    onError: (err) => output.warn(`Docker's event stream failed, reconnecting: ${String(err)}`),
  });

  return {
    stop: async () => {
      controller.abort();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      await watching;
      await Promise.all(running.values());
    },
  };
}

function logOutput(log: (text: string) => void): DeployOutput {
  return { step: () => {}, build: () => {}, warn: (text) => log(`warning: ${text}`) };
}
