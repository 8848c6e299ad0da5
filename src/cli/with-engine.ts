// Opens the deploy engine for one `mypaas server …` command, recovering interrupted deploys first.
import { diskFull } from '../core/disk-full.js';
import type { Engine } from '../daemon/engine.js';
import { mypaasHome } from '../config/home.js';
import { terminalOutput } from './terminal-output.js';

/** Runs `work` with an open engine and closes it after; heavy modules load only here. Recovery
 * of interrupted deploys runs first unless `recover` is false (read-only commands). */
export async function withEngine<T>(
  work: (engine: Engine) => T | Promise<T>,
  options: { recover?: boolean } = {},
): Promise<T> {
  const { openEngine } = await import('../daemon/engine.js');
  const { recoverAll } = await import('../daemon/deploy/recover.js');
  const output = terminalOutput(process.stderr);
  const engine = await openEngine({ home: mypaasHome(), onWarning: (text) => output.warn(text) });
  try {
    if (options.recover !== false) await recoverAll(engine, output);
    return await work(engine);
  } catch (err) {
    // A write that found the disk full where no closer code said so: the database or a work dir.
    throw diskFull(err, engine.home);
  } finally {
    engine.close();
  }
}
