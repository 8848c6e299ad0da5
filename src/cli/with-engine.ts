// Opens the deploy engine for one `mypaas server …` command, recovering interrupted deploys first.
import { userInfo } from 'node:os';
import { diskFull } from '../core/disk-full.js';
import type { Engine } from '../daemon/engine.js';
import { mypaasHome } from '../config/home.js';
import { terminalOutput } from './terminal-output.js';

/** Runs `work` with an open engine and closes it after; heavy modules load only here. */
export async function withEngine<T>(work: (engine: Engine) => T | Promise<T>): Promise<T> {
  const { openEngine } = await import('../daemon/engine.js');
  const { recoverAll } = await import('../daemon/deploy/recover.js');
  const output = terminalOutput(process.stderr);
  const engine = await openEngine({ home: mypaasHome(), onWarning: (text) => output.warn(text) });
  try {
    await recoverAll(engine, output);
    return await work(engine);
  } catch (err) {
    // A write that found the disk full where no closer code said so: the database or a work dir.
    throw diskFull(err, engine.home);
  } finally {
    engine.close();
  }
}

/** Who a local command acts as, for the deployments table. */
export function localActor(): string {
  return `local:${userInfo().username}`;
}
