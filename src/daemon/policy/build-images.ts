// A deployer's build may read only images that are not another service's: `FROM other:<release>`
// or `COPY --from=other:<release>` would hand it that service's files.
import { MypaasError } from '../../core/errors.js';
import { imageReferences } from '../../parse/image-references.js';
import { readInstructions } from '../../parse/instructions.js';
import { LABELS, type ContainerRuntime } from '../runtime/container-runtime.js';

/** Throws PERMISSION_DENIED, naming each line, when the Dockerfile reads an image of a service
 * outside `scope`, or picks an image through a variable mypaas cannot resolve. */
export async function assertBuildImagesInScope(
  runtime: ContainerRuntime,
  dockerfile: { file: string; text: string },
  scope: readonly string[],
): Promise<void> {
  const problems: string[] = [];
  for (const ref of imageReferences(readInstructions(dockerfile.text))) {
    if (ref.unresolved) {
      problems.push(
        `line ${ref.line}: "${ref.written}" names its image through a build variable; write the image itself`,
      );
      continue;
    }
    const owner = (await runtime.imageLabels(ref.ref))?.[LABELS.service];
    if (owner !== undefined && !scope.includes(owner)) {
      problems.push(`line ${ref.line}: ${ref.ref} is an image of the service ${owner}`);
    }
  }
  if (problems.length === 0) return;
  throw new MypaasError(
    'PERMISSION_DENIED',
    `${dockerfile.file} builds from images this key may not use:`,
    {
      details: problems,
      hint: `a deployer's build may use its own services' images (${scope.join(', ')}) and any image that is not a mypaas service's`,
    },
  );
}
