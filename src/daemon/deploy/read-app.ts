// Reads an app directory's Dockerfile once and parses it into the spec every later step uses.
import { MypaasError } from '../../core/errors.js';
import { parseDockerfile } from '../../parse/parse-dockerfile.js';
import { formatProblem } from '../../parse/problem.js';
import { readDockerfile } from '../../parse/read-dockerfile.js';
import type { ServiceSpec } from '../../parse/spec.js';
import type { DeployOutput } from './deploy-output.js';

/** An app as read from its directory: where it is, its Dockerfile and the parsed spec. */
export interface AppSource {
  dir: string;
  /** The Dockerfile's path and text; the build context is `dir`. */
  file: string;
  text: string;
  spec: ServiceSpec;
}

/** How a deploy reads its app; a port so tests can see how often it is read. */
export type AppReader = (dir: string, output: DeployOutput) => Promise<AppSource>;

/** Reads and parses `dir`'s Dockerfile, warning about each warning; DOCKERFILE_INVALID lists
 * every problem in it, before anything is built. */
export const readApp: AppReader = async (dir, output) => {
  const { file, text } = await readDockerfile(dir);
  const parsed = parseDockerfile(text);
  parsed.warnings.forEach((w) => output.warn(`${file}: ${w}`));
  if (!parsed.ok) {
    throw new MypaasError('DOCKERFILE_INVALID', `${file} has ${parsed.errors.length} problem(s):`, {
      details: parsed.errors.map(formatProblem),
      hint: 'run `mypaas parse` on it to check your fixes',
    });
  }
  return { dir, file, text, spec: parsed.spec };
};
