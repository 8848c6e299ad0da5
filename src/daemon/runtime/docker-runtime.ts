// The ContainerRuntime the daemon uses: the port implemented over one dockerode client.
import type Docker from 'dockerode';
import { containerListeners } from './container-listeners.js';
import type { ContainerRuntime } from './container-runtime.js';
import { buildImage } from './docker-build.js';
import {
  createContainer,
  inspectContainer,
  listContainers,
  removeContainer,
  startContainer,
  stopContainer,
} from './docker-containers.js';
import { imageExists, imageLabels, listReleaseImages, removeImage } from './docker-images.js';
import { streamLogs } from './docker-log-stream.js';
import { logsTail } from './docker-logs.js';
import { ensureNetwork } from './docker-network.js';
import { watchEvents } from './docker-events.js';
import { ensureVolume } from './docker-volumes.js';

/** Binds every runtime call to `docker`, a client made by connectDocker. */
export function createDockerRuntime(docker: Docker): ContainerRuntime {
  return {
    buildImage: (contextDir, tag, labels, onLine) =>
      buildImage(docker, contextDir, tag, labels, onLine),
    imageExists: (tag) => imageExists(docker, tag),
    imageLabels: (ref) => imageLabels(docker, ref),
    listReleaseImages: (service) => listReleaseImages(docker, service),
    removeImage: (tag) => removeImage(docker, tag),
    ensureNetwork: (name) => ensureNetwork(docker, name),
    ensureVolume: (name, labels) => ensureVolume(docker, name, labels),
    createContainer: (options) => createContainer(docker, options),
    startContainer: (id) => startContainer(docker, id),
    inspectContainer: (id, network) => inspectContainer(docker, id, network),
    listContainers: (filter, network) => listContainers(docker, filter, network),
    stopContainer: (id, timeoutMs) => stopContainer(docker, id, timeoutMs),
    removeContainer: (id) => removeContainer(docker, id),
    listeners: (id) => containerListeners(docker, id),
    logsTail: (id, lines) => logsTail(docker, id, lines),
    streamLogs: (id, options, onLine) => streamLogs(docker, id, options, onLine),
    watchEvents: (onEvent, options) => watchEvents(docker, onEvent, options),
  };
}
