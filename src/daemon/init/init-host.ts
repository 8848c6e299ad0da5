// `mypaas server init`: everything a fresh host needs, idempotent — run twice, it changes nothing.
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { diskFull } from '../../core/disk-full.js';
import { isMypaasError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/write-file-atomic.js';
import { configPath, loadConfig } from '../../config/load-config.js';
import type { Config, ProxyDriver } from '../../config/schema.js';
import { connectDocker } from '../runtime/connect-docker.js';
import { ensureBusyboxImage } from '../runtime/busybox-image.js';
import { ensureNetwork } from '../runtime/docker-network.js';
import { configuredDriver, renderInitialConfig } from './initial-config.js';
import { setupDaemon, type Program } from './setup-daemon.js';
import { setupHaproxy } from './setup-haproxy.js';
import { setupTraefik } from './setup-traefik.js';
import { ensureTraefikImage } from '../routing/traefik/traefik-container.js';

/** What the user asked for; unset choices keep config.toml's (or the defaults). */
export interface InitOptions {
  home: string;
  userHome: string;
  email?: string;
  proxy?: ProxyDriver;
  program: Program;
  /** Skip starting the daemon (tests that run their own). */
  noDaemon?: boolean;
  /** The Traefik container's name (tests that run several hosts at once); `mypaas-traefik`. */
  traefikContainer?: string;
}

/** What init did and what the user needs next. */
export interface InitReport {
  changes: string[];
  notes: string[];
  config: Config;
}

/** The Debian package whose binary the `mypaas/busybox` base image is made from. */
const BUSYBOX = '/bin/busybox';

/** Sets up the host; each step reports only what it changed. */
export async function initHost(options: InitOptions): Promise<InitReport> {
  const { home } = options;
  const changes: string[] = [];
  const notes: string[] = [];
  if (!existsSync(home)) changes.push(`created ${home}`);
  await mkdir(join(home, 'volumes'), { recursive: true });
  await chmod(home, 0o700);
  await writeConfig(options, changes, notes);
  let config = await loadConfig(home, { userHome: options.userHome });
  const docker = await connectDocker();
  await ensureNetwork(docker, config.deploy.network);
  if (existsSync(BUSYBOX)) await ensureBusyboxImage(docker, 'mypaas/busybox');
  if (config.proxy.driver === 'traefik' && !options.proxy) {
    // The quick start must work on hosts that reach no registry: without the Traefik image, fall
    // back and say why. Any other Traefik failure (a taken port) is the user's to fix, not a reason.
    const missing = await ensureTraefikImage(docker, config.proxy.traefikImage).then(
      () => undefined,
      (err: unknown) => {
        if (isMypaasError(err, 'PROXY_UNAVAILABLE')) return err;
        throw err;
      },
    );
    if (missing) {
      notes.push(`Traefik is not available (${missing.message}); using the HAProxy driver instead`);
      await setDriver(home, 'haproxy');
      changes.push('set [proxy] driver = "haproxy" in config.toml');
      config = await loadConfig(home, { userHome: options.userHome });
    }
  }
  changes.push(...(await setupProxy(docker, home, config, options.traefikContainer)));
  if (!options.noDaemon) changes.push(...(await setupDaemon(home, options.program)));
  return { changes, notes, config };
}

async function setupProxy(
  docker: Awaited<ReturnType<typeof connectDocker>>,
  home: string,
  config: Config,
  traefikContainer: string | undefined,
) {
  if (config.proxy.driver === 'traefik')
    return setupTraefik(docker, home, config, traefikContainer);
  if (config.proxy.driver === 'haproxy') return setupHaproxy(home, config);
  return [];
}

async function writeConfig(
  options: InitOptions,
  changes: string[],
  notes: string[],
): Promise<void> {
  const file = configPath(options.home);
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing === undefined) {
    const example = await readFile(
      new URL('../../../../config.example.toml', import.meta.url),
      'utf8',
    );
    const text = renderInitialConfig(example, {
      driver: options.proxy ?? 'traefik',
      email: options.email ?? '',
    });
    await saveConfig(file, text);
    changes.push(`wrote ${file}`);
    return;
  }
  const driver = configuredDriver(existing) ?? 'traefik';
  if (options.proxy && options.proxy !== driver) {
    notes.push(`config.toml keeps [proxy] driver = "${driver}"; edit ${file} to change it`);
  }
}

async function setDriver(home: string, driver: ProxyDriver): Promise<void> {
  const file = configPath(home);
  const text = await readFile(file, 'utf8');
  const updated = /^driver = ".*"$/m.test(text)
    ? text.replace(/^driver = ".*"$/m, `driver = "${driver}"`)
    : text.replace(/^\[proxy\]$/m, `[proxy]\ndriver = "${driver}"`);
  await saveConfig(file, updated);
}

// Whole or not at all, so a full disk never leaves half a config.toml; and a full disk says so.
async function saveConfig(file: string, text: string): Promise<void> {
  await writeFileAtomic(file, text, { mode: 0o600 }).catch((err: unknown) => {
    throw diskFull(err, dirname(file), { bytes: Buffer.byteLength(text) });
  });
}
