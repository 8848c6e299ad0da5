// `mypaas server daemon`: serve SSH in the foreground until SIGTERM or SIGINT.
import type { Command } from 'commander';
import { mypaasHome } from '../../../config/home.js';

/** Adds `server daemon`. */
export function registerServerDaemon(server: Command): void {
  server
    .command('daemon')
    .description('serve mypaas over SSH (push, status, logs, …) in the foreground')
    .option('--listen <host:port>', 'where to listen, instead of [daemon] ssh_listen')
    .addHelpText(
      'after',
      `
Examples:
  $ mypaas server daemon
  $ mypaas server daemon --listen 127.0.0.1:2222

Keys that may log in are managed with mypaas server keys. SIGTERM lets running deploys finish
(up to 5 minutes) and refuses new ones; interrupted deploys are recovered at the next start.`,
    )
    .action(async (options: { listen?: string }) => {
      const { openEngine } = await import('../../../daemon/engine.js');
      const { startDaemon, STOP_GRACE_MS } = await import('../../../daemon/daemon.js');
      const log = (text: string) => process.stdout.write(`${new Date().toISOString()} ${text}\n`);
      const engine = await openEngine({
        home: mypaasHome(),
        onWarning: (t) => log(`warning: ${t}`),
      });
      try {
        const daemon = await startDaemon({ engine, listen: options.listen, log });
        log(`mypaas daemon listening on ${daemon.host}:${daemon.port} (pid ${process.pid})`);
        const signal = await nextSignal();
        log(
          `${signal}: stopping; running deploys may finish (up to ${STOP_GRACE_MS / 1000} s), new ones are refused`,
        );
        const again = nextSignal().then(() => daemon.stop(0));
        const { finished, inFlight } = await Promise.race([daemon.stop(STOP_GRACE_MS), again]);
        if (!finished) {
          log(`stopped with ${inFlight} change(s) still running; the next start recovers them`);
          engine.close();
          // Deploys in flight cannot be cancelled; leaving now is what kill -9 does, and crash
          // recovery at the next start finishes or undoes them.
          process.exit(1);
        }
        log('stopped');
      } finally {
        engine.close();
      }
    });
}

function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on).off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on).on('SIGINT', on);
  });
}
