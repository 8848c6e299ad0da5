// `mypaas parse PATH [--json]`: checks a Dockerfile's `# mypaas.*` comments and shows the result.
import type { Command } from 'commander';
import { MypaasError } from '../../core/errors.js';
import { parseDockerfile } from '../../parse/parse-dockerfile.js';
import { formatProblem } from '../../parse/problem.js';
import { readDockerfile } from '../../parse/read-dockerfile.js';
import { formatSpec, specJson } from '../format-spec.js';

/** Adds the `parse` command to the program. */
export function registerParse(program: Command): void {
  program
    .command('parse')
    .description(
      'check the # mypaas.* comments of a Dockerfile and print the service they describe',
    )
    .argument('<path>', 'an app directory holding a Dockerfile, or the Dockerfile itself')
    .option('--json', 'print the spec as JSON (the shape editors and CI tools rely on)')
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas parse ./app
  $ mypaas parse ./app/Dockerfile.prod --json | jq .urls

Exits 0 when the comments are valid; otherwise lists every problem with its line and exits 1.`,
    )
    .action(async (path: string, options: { json?: boolean }) => {
      const { file, text } = await readDockerfile(path);
      const result = parseDockerfile(text);
      for (const warning of result.warnings) process.stderr.write(`warning: ${file}: ${warning}\n`);
      if (!result.ok) {
        if (options.json) {
          const errors = result.errors.map((e) => ({ ...e, text: formatProblem(e) }));
          process.stdout.write(
            `${JSON.stringify({ errors, warnings: result.warnings }, null, 2)}\n`,
          );
        }
        const count = result.errors.length;
        throw new MypaasError(
          'DOCKERFILE_INVALID',
          `${file} has ${count} problem${count === 1 ? '' : 's'}:`,
          {
            details: result.errors.map(formatProblem),
            hint: 'fix the lines above; the reference of every key is in the README',
          },
        );
      }
      process.stdout.write(
        options.json
          ? `${JSON.stringify(specJson(result.spec, result.warnings), null, 2)}\n`
          : formatSpec(result.spec),
      );
    });
}
