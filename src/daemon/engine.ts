// Opens everything the host-side commands need (config, state, Docker, proxy) and closes it again.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Config } from '../config/schema.js';
import { openLiveConfig, type ConfigState } from '../config/live-config.js';
import { configPath } from '../config/load-config.js';
import { connectDocker } from './runtime/connect-docker.js';
import type { ContainerRuntime } from './runtime/container-runtime.js';
import { createDockerRuntime } from './runtime/docker-runtime.js';
import { lazyRuntime } from './runtime/lazy-runtime.js';
import { guardedRouter, stateGuard } from './routing/guarded-router.js';
import { noneRouter } from './routing/none-router.js';
import type { Router } from './routing/router.js';
import { openDatabase } from './state/open-database.js';
import { processIdentity } from './state/deploy-lock.js';

/** The opened dependencies of the deploy engine, passed to every operation. */
export interface Engine {
  home: string;
  userHome: string;
  configFile: string;
  /** config.toml as last read: the host CLI reads it at open, the daemon before every command. */
  readonly config: Config;
  /** Reads config.toml again, taking it when it changed and validates; never throws. */
  reloadConfig(): Promise<ConfigState>;
  db: Database.Database;
  runtime: ContainerRuntime;
  router: Router;
  now: () => number;
  /** Fires `change` after the proxy driver applied or removed a route. */
  routeEvents?: EventTarget;
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

/** Reads config.toml and opens the database (migrating it). Docker is connected at the first
 * call that needs it, and the proxy driver touches nothing until a route changes. */
export async function openEngine(options: EngineOptions): Promise<Engine> {
  const userHome = options.userHome ?? homedir();
  const live = await openLiveConfig(options.home, { userHome, onWarning: options.onWarning });
  const runtime = lazyRuntime(async () => createDockerRuntime(await connectDocker()));
  const db = openDatabase(join(options.home, 'mypaas.db'));
  const warn = options.onWarning ?? (() => {});
  const routeEvents = new EventTarget();
  const router = guardedRouter(
    await createRouter(live.config, options.home, () =>
      routeEvents.dispatchEvent(new Event('change')),
    ),
    stateGuard(db, () => live.config, runtime, warn),
  );
  return {
    home: options.home,
    userHome,
    configFile: configPath(options.home),
    get config() {
      return live.config;
    },
    reloadConfig: () => live.refresh(),
    db,
    runtime,
    router,
    routeEvents,
    now: options.now ?? Date.now,
    identity: processIdentity(),
    close: () => db.close(),
  };
}

/** The proxy driver config.toml asks for; drivers load only when chosen. */
export async function createRouter(
  config: Config,
  home: string,
  onRoutesChanged?: () => void,
): Promise<Router> {
  const { proxy } = config;
  if (proxy.driver === 'haproxy') {
    const { createHaproxyRouter } = await import('./routing/haproxy/haproxy-router.js');
    return createHaproxyRouter({
      home,
      httpPort: proxy.httpPort,
      httpsPort: proxy.httpsPort,
      certsDir: proxy.certsDir,
      acme: true,
      ...(onRoutesChanged ? { onRoutesChanged } : {}),
    });
  }
  if (proxy.driver === 'traefik') {
    const { createTraefikRouter } = await import('./routing/traefik/traefik-router.js');
    return createTraefikRouter({
      dynamicDir: traefikDirs(home).dynamicDir,
      apiUrl: `http://127.0.0.1:${proxy.apiPort}`,
      httpsPort: proxy.httpsPort,
    });
  }
  return noneRouter();
}

/** Where the Traefik driver keeps its files under $MYPAAS_HOME. */
export function traefikDirs(home: string): { root: string; dynamicDir: string; acmeDir: string } {
  const root = join(home, 'traefik');
  return { root, dynamicDir: join(root, 'dynamic'), acmeDir: join(root, 'acme') };
}
