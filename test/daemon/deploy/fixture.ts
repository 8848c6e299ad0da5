// A deploy engine on the real Docker engine, in a temp MYPAAS_HOME with its own network and
// service-name prefix, plus generated fixture apps; everything is removed after the test.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TestContext } from 'node:test';
import type Docker from 'dockerode';
import { openEngine, type Engine } from '../../../src/daemon/engine.js';
import { stopHaproxy } from '../../../src/daemon/routing/haproxy/haproxy-process.js';
import { LABELS } from '../../../src/daemon/runtime/container-runtime.js';
import { ensureBusyboxImage } from '../../helpers/base-images.js';
import { requireDocker } from '../../helpers/docker.js';

/** What a deploy test works with. */
export interface DeployFixture {
  engine: Engine;
  docker: Docker;
  home: string;
  userHome: string;
  network: string;
  /** A service name unique to this test: `prefix + name`. */
  service(name: string): string;
  /** Writes an app directory and returns its path. */
  app(service: string, options?: AppOptions): Promise<string>;
}

/** How a fixture app behaves. */
export interface AppOptions {
  /** web: serves "version=… greeting=…"; never: runs but never listens; crash: exits 3 at once;
   * deaf: serves with `exec httpd`, so as PID 1 it ignores SIGTERM. */
  kind?: 'web' | 'never' | 'crash' | 'deaf' | 'broken-build';
  version?: string;
  scale?: number;
  /** Seconds the app sleeps before it listens. */
  bootSeconds?: number;
  /** More `# mypaas.*` lines, written as `key=value`. */
  directives?: string[];
  /** web: variables also written into index.html, one `NAME=value` line each. */
  indexFrom?: string[];
  /** web: also prints a line every 200 ms for as long as it runs. */
  chatty?: boolean;
  /** web: more paths (e.g. `login`) that answer with the same page as `/`. */
  pages?: string[];
}

/** The deploy request a test makes for an app directory. */
export function request(dir: string) {
  return { dir, env: 'production', trigger: 'server-deploy' as const, actor: 'test' };
}

/** config.toml text for a test, or a function of the test's service names (for grants). */
export type ExtraToml = string | ((service: (name: string) => string) => string);

/**
 * Opens an engine for one test. `extraToml` is appended after the [deploy] keys (start it with a
 * section header to add other sections); `proxyToml` replaces the [proxy] keys.
 */
export async function deployFixture(
  t: TestContext,
  extraToml: ExtraToml = '',
  proxyToml = 'driver = "none"',
): Promise<DeployFixture | undefined> {
  const docker = await requireDocker(t);
  if (!docker) return undefined;
  const base = await ensureBusyboxImage(docker);
  const hex = randomBytes(4).toString('hex');
  const prefix = `t${hex}-`;
  const network = `mypaas-test-${hex}`;
  const extra = typeof extraToml === 'string' ? extraToml : extraToml((name) => `${prefix}${name}`);
  const home = await mkdtemp(join(tmpdir(), 'mypaas-home-'));
  const userHome = await mkdtemp(join(tmpdir(), 'mypaas-user-'));
  await writeFile(
    join(home, 'config.toml'),
    `[proxy]\n${proxyToml}\n\n[deploy]\nnetwork = "${network}"\nhealth_timeout = "5s"\n` +
      `drain_timeout = "1s"\nstop_timeout = "2s"\n${extra}\n`,
  );
  const engine = await openEngine({ home, userHome });
  t.after(async () => {
    engine.close();
    await stopHaproxy(home); // a test may have chosen the haproxy driver; it runs from this home
    await removeEverything(docker, prefix, network);
    await rm(home, { recursive: true, force: true });
    await rm(userHome, { recursive: true, force: true });
  });
  return {
    engine,
    docker,
    home,
    userHome,
    network,
    service: (name) => `${prefix}${name}`,
    app: async (service, options = {}) => {
      const dir = await mkdtemp(join(home, 'app-'));
      for (const [path, content] of Object.entries(appFiles(base, service, options))) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), content);
      }
      await chmod(join(dir, 'start.sh'), 0o755);
      return dir;
    },
  };
}

/** The files of a fixture app. */
export function appFiles(
  base: string,
  service: string,
  options: AppOptions,
): Record<string, string> {
  const kind = options.kind ?? 'web';
  const directives = [
    `service=${service}`,
    `env=VERSION=${options.version ?? 'v1'}`,
    ...(options.scale === undefined ? [] : [`scale=${options.scale}`]),
    ...(options.bootSeconds ? [`env=BOOT_DELAY=${options.bootSeconds}`] : []),
    ...(options.directives ?? []),
  ];
  const run =
    kind === 'broken-build'
      ? ['RUN echo "compiling the app" && echo "error: it does not compile" && exit 7']
      : [];
  return {
    Dockerfile: [
      ...directives.map((d) => `# mypaas.${d}`),
      `FROM ${base}`,
      'COPY start.sh /start.sh',
      ...run,
      'EXPOSE 8080',
      'CMD ["/start.sh"]',
      '',
    ].join('\n'),
    'start.sh':
      kind === 'never' || kind === 'crash' || kind === 'deaf'
        ? SCRIPTS[kind]
        : webScript(options.indexFrom ?? [], options.pages ?? [], options.chatty === true),
  };
}

// The web app; with a volume at /data it leaves a file there, so tests can see it on the host.
function webScript(indexFrom: string[], pages: string[], chatty: boolean): string {
  return [
    '#!/bin/sh',
    "trap 'kill $pid 2>/dev/null; exit 0' TERM",
    'if [ -n "$BOOT_DELAY" ]; then sleep "$BOOT_DELAY"; fi',
    'echo "version=$VERSION greeting=$GREETING" > /www/index.html',
    ...indexFrom.map((name) => `echo "${name}=$${name}" >> /www/index.html`),
    ...pages.map((page) => `cp /www/index.html "/www/${page}"`),
    'if [ -d /data ]; then echo "written by $MYPAAS_CONTAINER" > /data/hello; fi',
    'echo "started $MYPAAS_CONTAINER release $MYPAAS_RELEASE"',
    ...(chatty ? ['(n=0; while true; do n=$((n+1)); echo "tick $n"; sleep 0.2; done) &'] : []),
    'httpd -f -p "$PORT" -h /www & pid=$!',
    'wait $pid',
    '',
  ].join('\n');
}

const SCRIPTS = {
  never: `#!/bin/sh
trap 'exit 0' TERM
echo "starting, but this app never listens"
while true; do sleep 1; done
`,
  // Without an init, httpd is PID 1, which the kernel spares the signals it installs no handler for.
  deaf: `#!/bin/sh
echo "version=$VERSION greeting=" > /www/index.html
exec httpd -f -p "$PORT" -h /www
`,
  crash: `#!/bin/sh
echo "connecting to the database"
echo "fatal: DATABASE_URL is not set" >&2
exit 3
`,
} as const;

async function removeEverything(docker: Docker, prefix: string, network: string): Promise<void> {
  const mine = (labels: Record<string, string> | undefined) =>
    (labels?.[LABELS.service] ?? '').startsWith(prefix);
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [LABELS.service] },
  });
  await Promise.all(
    containers
      .filter((c) => mine(c.Labels))
      .map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => {}),
      ),
  );
  const images = await docker.listImages({ filters: { label: [LABELS.service] } });
  for (const image of images.filter((i) => mine(i.Labels))) {
    await docker
      .getImage(image.Id)
      .remove({ force: true })
      .catch(() => {});
  }
  const networks = await docker.listNetworks({ filters: { name: [network] } });
  // The production network and those of other environments (`<network>.<env>`).
  for (const n of networks.filter((n) => n.Name === network || n.Name.startsWith(`${network}.`)))
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch(() => {});
}
