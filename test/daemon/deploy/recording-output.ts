// A DeployOutput that keeps every call, for tests that look at what a deploy reported and when.
import type { DeployOutput } from '../../../src/daemon/deploy/deploy-output.js';

/** One call to the output, with the time it was made (performance.now()). */
export interface OutputEntry {
  kind: 'step' | 'build' | 'warn';
  text: string;
  at: number;
}

/** The output plus everything passed to it so far. */
export interface RecordingOutput extends DeployOutput {
  entries: OutputEntry[];
}

/** Records every step, build line and warning. */
export function recordingOutput(): RecordingOutput {
  const entries: OutputEntry[] = [];
  const add = (kind: OutputEntry['kind']) => (text: string) => {
    entries.push({ kind, text, at: performance.now() });
  };
  return { entries, step: add('step'), build: add('build'), warn: add('warn') };
}
