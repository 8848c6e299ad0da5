// Build contexts made in memory, so a test's Dockerfile and files sit next to its assertions.
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { MypaasError } from '../../src/core/errors.js';
import { followProgress, progressError } from './docker.js';

/** A file's text, or its text and permission bits. */
export type ContextFile = string | { content: string; mode: number };

const OUTPUT_LINES_ON_FAILURE = 15;

/** An uncompressed tar of the given files, the body docker.buildImage expects. */
export function buildContextTar(files: Record<string, ContextFile>): Readable {
  const pack = tar.pack();
  for (const [name, file] of Object.entries(files)) {
    const { content, mode } = typeof file === 'string' ? { content: file, mode: 0o644 } : file;
    pack.entry({ name, mode, mtime: new Date(0) }, content);
  }
  pack.finalize();
  // tar-stream packs are streamx streams; wrap so callers get a real node Readable.
  return Readable.from(pack, { objectMode: false });
}

/** Builds an image from in-memory files and returns its id; a failed build throws its own words. */
export async function buildImage(
  docker: Docker,
  files: Record<string, ContextFile>,
  tag: string,
  labels: Record<string, string>,
): Promise<string> {
  const options = { t: tag, labels, rm: true, forcerm: true };
  // Docker answers some failures (a Dockerfile syntax error, no Dockerfile) with an HTTP error.
  const stream = await docker.buildImage(buildContextTar(files), options).catch((err: unknown) => {
    throw new MypaasError('INTERNAL', `docker build of ${tag} failed: ${errorText(err)}`, {
      cause: err,
    });
  });
  const events = await followProgress(docker, stream);
  const output = events
    .flatMap((e) => (e.stream ?? e.status ?? '').split('\n'))
    .filter((line) => line.trim() !== '')
    .slice(-OUTPUT_LINES_ON_FAILURE);
  const failure = progressError(events);
  if (failure !== undefined) {
    throw new MypaasError('INTERNAL', `docker build of ${tag} failed: ${failure}`, {
      details: output,
    });
  }
  const id = events.find((e) => e.aux?.ID !== undefined)?.aux?.ID;
  return id ?? (await docker.getImage(tag).inspect()).Id;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
