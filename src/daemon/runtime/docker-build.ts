// Builds a release image from a directory, streaming Docker's output line by line as it arrives.
import { constants } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { MypaasError } from '../../core/errors.js';
import { dockerFailure, dockerMessage, statusCode } from './docker-errors.js';
import { describePullFailure } from './pull-failure.js';

// How many of the last output lines a BUILD_FAILED carries, so the failing command's words show.
const OUTPUT_LINES_IN_ERROR = 20;

/** One line of Docker's build stream (classic builder). */
interface BuildEvent {
  stream?: string;
  status?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** Builds `contextDir` into `tag` with the classic builder; dockerode applies .dockerignore. */
export async function buildImage(
  docker: Docker,
  contextDir: string,
  tag: string,
  labels: Record<string, string>,
  onLine: (line: string) => void,
): Promise<void> {
  const src = await listContext(contextDir, tag);
  const recent: string[] = [];
  let lastStep: string | undefined;
  const emit = (line: string): void => {
    if (line.startsWith('Step ')) lastStep = line;
    recent.push(line);
    if (recent.length > OUTPUT_LINES_IN_ERROR) recent.shift();
    onLine(line);
  };
  let stream: NodeJS.ReadableStream;
  try {
    const options = { t: tag, labels, rm: true, forcerm: true };
    stream = await docker.buildImage({ context: contextDir, src }, options);
  } catch (err) {
    // A Dockerfile Docker cannot parse comes back as an HTTP error, not inside the stream.
    if (statusCode(err) === undefined) throw dockerFailure(`cannot build ${tag}`, err);
    throw new MypaasError('BUILD_FAILED', `docker build of ${tag} failed: ${dockerMessage(err)}`, {
      cause: err,
    });
  }
  const failure = await followBuild(stream, emit).catch((err: unknown) => {
    throw dockerFailure(`lost the output of the docker build of ${tag}`, err);
  });
  if (failure !== undefined) {
    const pull = describePullFailure(lastStep, failure);
    const message = pull?.message ?? failure;
    throw new MypaasError('BUILD_FAILED', `docker build of ${tag} failed: ${message}`, {
      details: recent,
      ...(pull ? { hint: pull.hint } : {}),
    });
  }
}

/** Every file, symlink and empty directory under `dir`, relative, without following symlinks. */
async function listContext(dir: string, tag: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    if (entries.length === 0 && rel !== '') found.push(rel);
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = rel === '' ? entry.name : path.posix.join(rel, entry.name);
      if (entry.isDirectory()) await walk(child);
      else if (entry.isSymbolicLink()) found.push(child);
      else if (entry.isFile()) {
        // tar-fs crashes the process on an unreadable file instead of failing the build.
        await access(path.join(dir, child), constants.R_OK);
        found.push(child);
      }
    }
  };
  try {
    await walk('');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new MypaasError('BUILD_FAILED', `cannot read the build context of ${tag}: ${reason}`, {
      cause: err,
      hint: 'Every file in the build directory must be readable by the mypaas daemon.',
    });
  }
  return found;
}

/** Reads the build stream to its end, passing on each line; returns Docker's error text, if any. */
async function followBuild(
  stream: NodeJS.ReadableStream,
  emit: (line: string) => void,
): Promise<string | undefined> {
  let json = '';
  let text = '';
  let failure: string | undefined;
  const handle = (raw: string): void => {
    if (raw.trim() === '') return;
    let event: BuildEvent;
    try {
      event = JSON.parse(raw) as BuildEvent;
    } catch {
      event = { stream: `${raw}\n` };
    }
    if (event.stream !== undefined) {
      const parts = (text + event.stream).split('\n');
      text = parts.pop() ?? '';
      for (const line of parts) emit(line.replace(/\r$/, ''));
    }
    if (event.status !== undefined) emit(event.id ? `${event.id}: ${event.status}` : event.status);
    if (event.error !== undefined || event.errorDetail !== undefined) {
      failure ??= event.errorDetail?.message ?? event.error ?? raw;
    }
  };
  // Decoding here keeps a UTF-8 character split across two chunks whole.
  stream.setEncoding('utf8');
  for await (const chunk of stream) {
    const parts = (json + String(chunk)).split('\n');
    json = parts.pop() ?? '';
    parts.forEach(handle);
  }
  handle(json);
  if (text !== '') emit(text.replace(/\r$/, ''));
  return failure;
}
