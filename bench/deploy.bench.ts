// Push-to-live overhead: `mypaas server deploy` of a small, cached scale-1 app against the bare
// Docker steps it wraps (build, run, poll until HTTP 200), measured in the same run.
import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { execa } from 'execa';
import { appFiles } from '../test/daemon/deploy/fixture.js';
import { ensureBusyboxImage } from '../test/helpers/base-images.js';
import { httpGetUntil } from '../test/helpers/http.js';
import { deployDirectory } from '../src/daemon/deploy/deploy-directory.js';
import { silentOutput } from '../src/daemon/deploy/deploy-output.js';
import { openEngine, type Engine } from '../src/daemon/engine.js';
import type { Benchmark } from './bench.js';

const bin = join(fileURLToPath(new URL('../../', import.meta.url)), 'bin/mypaas.js');
const SERVICE = 'mypaas-bench-web';
const NETWORK = 'mypaas-bench';

/** The deploy benchmark; needs a Docker engine. */
export function deployBenchmark(): Benchmark {
  const docker = new Docker();
  let home = '';
  let app = '';
  let round = 0;
  let engine: Engine | undefined;
  return {
    name: 'deploy',
    rounds: 7,
    unavailable: async () =>
      await docker.ping().then(
        () => undefined,
        (err: unknown) => `no Docker engine: ${String(err)}`,
      ),
    setup: async () => {
      const base = await ensureBusyboxImage(docker);
      home = await mkdtemp(join(tmpdir(), 'mypaas-bench-'));
      app = join(home, 'app');
      await execa('mkdir', ['-p', app]);
      for (const [name, text] of Object.entries(appFiles(base, SERVICE, { scale: 1 })))
        await writeFile(join(app, name), text);
      await chmod(join(app, 'start.sh'), 0o755);
      await writeFile(
        join(home, 'config.toml'),
        `[proxy]\ndriver = "none"\n[deploy]\nnetwork = "${NETWORK}"\n`,
      );
      await execa('docker', ['network', 'create', NETWORK]).catch(() => undefined);
      engine = await openEngine({ home });
    },
    teardown: async () => {
      engine?.close();
      await execa('node', [bin, 'server', 'rm', SERVICE, '--yes', '--purge'], {
        env: { MYPAAS_HOME: home },
      }).catch(() => undefined);
      await execa('docker', ['network', 'rm', NETWORK]).catch(() => undefined);
      await execa('docker', ['image', 'rm', 'mypaas-bench-baseline']).catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
    baseline: {
      label: 'docker build + docker run + poll until 200',
      run: async () => {
        await execa('docker', ['build', '-q', '-t', 'mypaas-bench-baseline', app]);
        const name = `mypaas-bench-baseline-${round++}`;
        await execa('docker', [
          'run',
          '-d',
          '--name',
          name,
          '--network',
          NETWORK,
          '-e',
          'PORT=8080',
          'mypaas-bench-baseline',
        ]);
        const { stdout: ip } = await execa('docker', [
          'inspect',
          '-f',
          `{{(index .NetworkSettings.Networks "${NETWORK}").IPAddress}}`,
          name,
        ]);
        await httpGetUntil(`http://${ip}:8080/`, { deadlineMs: 30_000, intervalMs: 25 });
        await execa('docker', ['rm', '-f', name]);
      },
    },
    cases: [
      {
        label: 'deploy in a running process, as the daemon does (scale 1)',
        run: async () => {
          if (!engine) throw new Error('setup did not run');
          const request = {
            dir: app,
            env: 'production',
            trigger: 'server-deploy' as const,
            actor: 'bench',
          };
          await deployDirectory(engine, request, silentOutput);
        },
      },
      {
        label: 'mypaas server deploy CLI, a new node process (scale 1)',
        run: async () => {
          await execa('node', [bin, 'server', 'deploy', app], { env: { MYPAAS_HOME: home } });
        },
      },
    ],
    target:
      'deploy <= 1.15x the bare Docker steps (median); the CLI row adds node start-up and module loading',
  };
}
