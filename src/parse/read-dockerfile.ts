// Finds and reads the Dockerfile a command points at; parsing stays pure and separate.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MypaasError } from '../core/errors.js';

/** Larger Dockerfiles are refused before they are read, so one upload cannot fill the heap. */
export const MAX_DOCKERFILE_BYTES = 1024 * 1024;

/** Reads PATH when it is a file, or PATH/Dockerfile when it is a directory. */
export async function readDockerfile(path: string): Promise<{ file: string; text: string }> {
  const info = await stat(path).catch((cause: unknown) => {
    throw new MypaasError('DOCKERFILE_NOT_FOUND', `${path} does not exist`, {
      hint: 'give the app directory (holding a Dockerfile) or the Dockerfile itself',
      cause,
    });
  });
  const file = info.isDirectory() ? join(path, 'Dockerfile') : path;
  const size = (await stat(file).catch(() => null))?.size ?? 0;
  if (size > MAX_DOCKERFILE_BYTES) {
    throw new MypaasError(
      'DOCKERFILE_INVALID',
      `${file} is ${Math.ceil(size / 1024)} KiB; a Dockerfile may be at most ${MAX_DOCKERFILE_BYTES / 1024} KiB`,
      { hint: 'keep data out of the Dockerfile: COPY files into the image instead' },
    );
  }
  try {
    return { file, text: await readFile(file, 'utf8') };
  } catch (cause) {
    throw new MypaasError('DOCKERFILE_NOT_FOUND', `cannot read ${file}`, {
      hint: info.isDirectory()
        ? `mypaas expects a file named Dockerfile in ${path}`
        : 'check the path and its permissions',
      cause,
    });
  }
}
