// Where a deploy reports progress: the terminal, the daemon's JSON-lines stream, the build log table.

/** The narrow output port of the deploy engine. Secret values are never passed to it. */
export interface DeployOutput {
  /** A step of the deploy, e.g. "starting 2 containers". */
  step(text: string): void;
  /** One line of build output. */
  build(line: string): void;
  /** Something went wrong but the deploy goes on (or is already safe). */
  warn(text: string): void;
}

/** An output that drops everything: for tests and internal calls that report elsewhere. */
export const silentOutput: DeployOutput = { step: () => {}, build: () => {}, warn: () => {} };

/** Sends every call to each output in turn. */
export function teeOutput(...outputs: DeployOutput[]): DeployOutput {
  return {
    step: (text) => outputs.forEach((o) => o.step(text)),
    build: (line) => outputs.forEach((o) => o.build(line)),
    warn: (text) => outputs.forEach((o) => o.warn(text)),
  };
}
