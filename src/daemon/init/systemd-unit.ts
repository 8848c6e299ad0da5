// The systemd unit that keeps `mypaas server daemon` running on hosts that have systemd.
import { existsSync } from 'node:fs';
import { daemonArgv } from './daemon-argv.js';

/** Where `server init` puts the unit. */
export const UNIT_PATH = '/etc/systemd/system/mypaas.service';

/** True when this machine boots with systemd (containers and CI machines usually do not). */
export function hasSystemd(): boolean {
  return existsSync('/run/systemd/system');
}

/** The unit file's text. Pure. */
export function renderSystemdUnit(options: {
  node: string;
  bin: string;
  home: string;
  user: string;
}): string {
  return `# Written by mypaas server init; runs the mypaas daemon (SSH pushes, deploys).
[Unit]
Description=mypaas daemon: deploys pushed apps with zero downtime
After=network-online.target docker.service
Wants=network-online.target
Requires=docker.service

[Service]
Type=simple
User=${options.user}
Environment=MYPAAS_HOME=${options.home}
ExecStart=${[options.node, ...daemonArgv(options.bin)].join(' ')}
Restart=always
RestartSec=2
# SIGTERM lets running deploys finish; give them time before SIGKILL.
TimeoutStopSec=300
KillMode=mixed

[Install]
WantedBy=multi-user.target
`;
}
