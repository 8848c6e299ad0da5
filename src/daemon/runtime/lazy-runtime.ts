// A ContainerRuntime that connects to Docker on its first call, not when the engine opens: the
// commands that only read SQLite (deployments, env list, audit, logs --deployment) then work
// while the Docker engine is stopped or unreachable.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerRuntime } from './container-runtime.js';

/**
 * Calls `connect` when a runtime call first needs Docker and keeps what it gives; a failed
 * connection (DOCKER_UNAVAILABLE) fails the calls waiting for it and is tried again by the next.
 */
export function lazyRuntime(connect: () => Promise<ContainerRuntime>): ContainerRuntime {
  let connecting: Promise<ContainerRuntime> | null = null;
  // Concurrent first calls share one attempt; a failure is forgotten once it has been reported.
  const runtime = (): Promise<ContainerRuntime> => {
    connecting ??= connect().catch((err: unknown) => {
      connecting = null;
      throw err;
    });
    return connecting;
  };
  return {
    buildImage: async (dir, tag, labels, onLine) =>
      (await runtime()).buildImage(dir, tag, labels, onLine),
    imageExists: async (tag) => (await runtime()).imageExists(tag),
    imageLabels: async (ref) => (await runtime()).imageLabels(ref),
    listReleaseImages: async (service) => (await runtime()).listReleaseImages(service),
    removeImage: async (tag) => (await runtime()).removeImage(tag),
    ensureNetwork: async (name) => (await runtime()).ensureNetwork(name),
    ensureVolume: async (name, labels) => (await runtime()).ensureVolume(name, labels),
    createContainer: async (options) => (await runtime()).createContainer(options),
    startContainer: async (id) => (await runtime()).startContainer(id),
    inspectContainer: async (id, network) => (await runtime()).inspectContainer(id, network),
    listContainers: async (filter, network) => (await runtime()).listContainers(filter, network),
    stopContainer: async (id, timeoutMs) => (await runtime()).stopContainer(id, timeoutMs),
    removeContainer: async (id) => (await runtime()).removeContainer(id),
    listeners: async (id) => (await runtime()).listeners(id),
    logsTail: async (id, lines) => (await runtime()).logsTail(id, lines),
    streamLogs: async (id, options, onLine) => (await runtime()).streamLogs(id, options, onLine),
    // The route follower starts with the daemon: it waits for Docker as it waits for a dropped
    // event stream, reporting each failed try.
    watchEvents: async (onEvent, options) => {
      while (!options.signal.aborted) {
        let connected: ContainerRuntime;
        try {
          connected = await runtime();
        } catch (err) {
          if (options.signal.aborted) return;
          options.onError?.(err);
          await sleep(options.retryMs, undefined, { signal: options.signal }).catch(() => {});
          continue;
        }
        return connected.watchEvents(onEvent, options);
      }
    },
  };
}
