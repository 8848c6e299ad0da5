// The host CLI's adapter: `mypaas server …` performs an operation as the host's own user (an
// admin, audited as local:USER) and prints its result as JSON or with the shared renderer.
import chalk from 'chalk';
import { voices, type RenderStyle } from '../core/render-results.js';
import type { Operation } from '../daemon/operations/operation.js';
import { printJson } from './options.js';
import { terminalOutput } from './terminal-output.js';
import { logLinePrinter } from './terminal-safe.js';
import { withEngine } from './with-engine.js';

/** How headers, marks and hints look in this terminal. */
export const HOST_STYLE: RenderStyle = {
  bold: (text) => chalk.bold(text),
  ok: chalk.green('✓'),
  voice: voices.host,
  deploy: 'mypaas server deploy DIR',
};

/** How one command prints: its renderer, --json, and for line streams (logs) the line printer. */
export interface HostPrint<Result> {
  json?: boolean;
  text: (result: Result, style: RenderStyle) => string;
  /** The result is the lines (logs): each is printed as it comes, and Ctrl-C ends the stream. */
  lines?: boolean;
}

/** Performs `op`; read-only operations skip crash recovery, so they never touch Docker or routes. */
export async function runOnHost<Request, Result>(
  op: Operation<Request, Result>,
  request: Request,
  print: HostPrint<Result>,
): Promise<void> {
  const { perform } = await import('../daemon/operations/perform.js');
  const { hostPrincipal } = await import('../daemon/operations/principal.js');
  const json = print.json === true;
  const abort = new AbortController();
  const stop = () => abort.abort();
  if (print.lines) process.once('SIGINT', stop);
  try {
    await withEngine(
      async (engine) => {
        const deploy = terminalOutput(json ? process.stderr : process.stdout);
        const diagnostics = terminalOutput(process.stderr);
        const ctx = {
          engine,
          principal: hostPrincipal(),
          // Warnings are diagnostics: stderr, so stdout stays the command's answer.
          out: {
            ...deploy,
            warn: (text: string) => diagnostics.warn(text),
            line: logLinePrinter(json, process.stdout),
          },
          signal: abort.signal,
          voice: voices.host,
          logBug: (err: unknown) => process.stderr.write(`internal error: ${String(err)}\n`),
        };
        const result = await perform(ctx, op, request);
        if (print.lines) return;
        if (json) printJson(result);
        else process.stdout.write(print.text(result, HOST_STYLE));
      },
      { recover: op.changes },
    );
  } finally {
    process.off('SIGINT', stop);
  }
}
