// The context a test performs an operation in: the host's admin, output recorded.
import { voices } from '../../../src/core/render-results.js';
import type { Engine } from '../../../src/daemon/engine.js';
import type { PerformContext } from '../../../src/daemon/operations/perform.js';
import { hostPrincipal } from '../../../src/daemon/operations/principal.js';
import { recordingOutput, type RecordingOutput } from '../deploy/recording-output.js';

/** A perform context for `engine` as `local:test`, with its output kept. */
export function testContext(engine: Engine): PerformContext & { out: RecordingOutput } {
  const recorded = recordingOutput();
  return {
    engine,
    principal: hostPrincipal('test'),
    out: { ...recorded, entries: recorded.entries, line: (text) => recorded.step(text) },
    signal: new AbortController().signal,
    voice: voices.host,
    logBug: (err) => {
      throw err;
    },
  };
}
