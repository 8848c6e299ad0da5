// `mypaas server init`: set this host up (config, network, proxy, daemon); safe to run again.
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import chalk from 'chalk';
import type { Command } from 'commander';
import { Option } from 'commander';
import { mypaasHome } from '../../../config/home.js';
import type { ProxyDriver } from '../../../config/schema.js';

/** Adds `server init`. */
export function registerServerInit(server: Command): void {
  server
    .command('init')
    .description(
      'set up this host: config.toml, Docker network, the proxy and the daemon (idempotent)',
    )
    .option('--email <address>', "contact address for Let's Encrypt certificates")
    .addOption(
      new Option('--proxy <driver>', 'the reverse proxy').choices(['traefik', 'haproxy', 'none']),
    )
    .option('--no-daemon', 'do not start the SSH daemon (for hosts that only run server deploy)')
    .addHelpText(
      'after',
      `
Examples:
  $ sudo mypaas server init --email ops@example.com
  $ sudo mypaas server init --proxy haproxy

Run it again at any time: it changes only what is missing. Where Traefik's image cannot be pulled
and no --proxy is given, it uses HAProxy and says why.`,
    )
    .action(async (options: { email?: string; proxy?: ProxyDriver; daemon: boolean }) => {
      const { initHost } = await import('../../../daemon/init/init-host.js');
      const { hostKeySummary } = await import('../../../daemon/init/host-key-summary.js');
      const home = mypaasHome();
      const bin = fileURLToPath(new URL('../../../../../bin/mypaas.js', import.meta.url));
      const report = await initHost({
        home,
        userHome: homedir(),
        email: options.email,
        proxy: options.proxy,
        program: { node: process.execPath, bin },
        noDaemon: !options.daemon,
      });
      for (const line of report.notes) process.stdout.write(`${chalk.yellow('note:')} ${line}\n`);
      for (const line of report.changes) process.stdout.write(`${chalk.bold('==>')} ${line}\n`);
      if (report.changes.length === 0)
        process.stdout.write('==> nothing to change: this host was already set up\n');
      const { proxy, daemon } = report.config;
      const ssh = await hostKeySummary(home);
      process.stdout.write(
        `\n${chalk.green('✓')} mypaas is ready on this host (home ${home})\n` +
          `  proxy   ${proxy.driver}${proxy.driver === 'none' ? '' : ` on :${proxy.httpPort} and :${proxy.httpsPort}`}\n` +
          `  ssh     ${daemon.sshListen}, host key ${ssh}\n\n` +
          'next:\n' +
          nextSteps(daemon.sshListen),
      );
    });
}

function nextSteps(sshListen: string): string {
  const port = sshListen.split(':').pop() ?? '2222';
  const steps = [
    ['mypaas server keys add me ~/.ssh/id_ed25519.pub', 'allow a laptop key (run here)'],
    [`mypaas push root@THIS-HOST:${port} ./app`, 'deploy from the laptop'],
    ['mypaas server deploy ./app', 'or deploy from this host'],
  ];
  const width = Math.max(...steps.map(([command = '']) => command.length));
  return steps.map(([command = '', why = '']) => `  ${command.padEnd(width)}   ${why}\n`).join('');
}
