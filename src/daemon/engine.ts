// Opens everything the host-side commands need (config, state, Docker, proxy) and closes it again.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { MypaasError } from '../core/errors.js';
import type { Config } from '../config/schema.js';
import { configPath, loadConfig } from '../config/load-config.js';
import { connectDocker } from './runtime/connect-docker.js';
import type { ContainerRuntime } from './runtime/container-runtime.js';
import { createDockerRuntime } from './runtime/docker-runtime.js';
import { noneRouter } from './routing/none-router.js';
import type { Router } from './routing/router.js';
import { openDatabase } from './state/open-database.js';
import { processIdentity } from './state/deploy-lock.js';

/** The opened dependencies of the deploy engine, passed to every operation. */
export interface Engine {
  home: string;
  userHome: string;
  configFile: string;
  config: Config;
  db: Database.Database;
  runtime: ContainerRuntime;
  router: Router;
  now: () => number;
  identity: { pid: number; start: string };
  close(): void;
}

/** Where things live and which clock to use; tests pass their own. */
export interface EngineOptions {
  home: string;
  userHome?: string;
  now?: () => number;
  onWarning?: (text: string) => void;
}

/** Reads config.toml, opens the database (migrating it) and connects to Docker. */
export async function openEngine(options: EngineOptions): Promise<Engine> {
  const userHome = options.userHome ?? homedir();
  const config = await loadConfig(options.home, { userHome, onWarning: options.onWarning });
  const router = createRouter(config, configPath(options.home));
  const runtime = createDockerRuntime(await connectDocker());
  const db = openDatabase(join(options.home, 'mypaas.db'));
  return {
    home: options.home,
    userHome,
    configFile: configPath(options.home),
    config,
    db,
    runtime,
    router,
    now: options.now ?? Date.now,
    identity: processIdentity(),
    close: () => db.close(),
  };
}

function createRouter(config: Config, file: string): Router {
  if (config.proxy.driver === 'none') return noneRouter();
  throw new MypaasError(
    'CONFIG_INVALID',
    `${file}: [proxy] driver = "${config.proxy.driver}" is not available in this version of mypaas`,
    { hint: 'set driver = "none" under [proxy] until the Traefik and HAProxy drivers land' },
  );
}
