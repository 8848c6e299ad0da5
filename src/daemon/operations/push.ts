// push: receive an app as a tar(.gz) stream into a fresh work directory and deploy it; the work
// directory is removed whatever happens.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { LiveResult } from '../../core/results.js';
import { receiveUpload } from '../ssh/receive-upload.js';
import type { DaemonServices } from '../ssh/command.js';
import { deployOperation } from './deploy.js';
import type { Operation } from './operation.js';

/** The archive stream, the environment, and the daemon's work root, limits and build slots. */
export interface PushRequest {
  input: Readable;
  env: string;
  daemon: DaemonServices;
}

/** Receives the app, then deploys it as `deploy` does. */
export const pushOperation: Operation<PushRequest, LiveResult> = {
  name: 'push',
  changes: true,
  run: async (ctx, request) => {
    const { daemon } = request;
    const dir = await mkdtemp(join(daemon.workRoot, 'push-'));
    try {
      ctx.out.step('receiving the app');
      const upload = await receiveUpload(request.input, dir, daemon.uploadLimits);
      ctx.out.step(
        `received ${upload.entries} files and directories, ${size(upload.bytes)}` +
          ` (${upload.format}, ${size(upload.wireBytes)} sent)`,
      );
      const max = ctx.engine.config.daemon.maxParallelBuilds;
      const waiting = (running: number) =>
        ctx.out.step(
          `waiting for a build slot: ${running} builds running (max_parallel_builds = ${max})`,
        );
      const buildSlot = <T>(build: () => Promise<T>) => daemon.buildSlots.run(build, waiting);
      return await deployOperation.run(ctx, { dir, env: request.env, trigger: 'push', buildSlot });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

function size(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.ceil(bytes / 1024)} kB`
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
