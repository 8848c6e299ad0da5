// The daemon's certificate keeper for the HAProxy driver: the hosts of the stored https routes,
// orders from [proxy] acme_ca_server, challenges and certificates through HAProxy's runtime API.
import type { Engine } from '../engine.js';
import { certRuntimeAt } from '../routing/haproxy/cert-runtime.js';
import { haproxyStatus } from '../routing/haproxy/haproxy-process.js';
import { haproxyPaths } from '../routing/haproxy/haproxy-paths.js';
import { loadRoutes } from '../routing/haproxy/route-store.js';
import { acmeOrderer } from './acme-orderer.js';
import { startCertificateKeeper, type CertificateKeeper } from './cert-keeper.js';
import { httpsHosts } from './https-hosts.js';

/** A pass this often catches renewals and ended backoffs; route changes wake it at once. */
export const CERTIFICATE_PASS_MS = 5 * 60_000;

/** Starts the keeper; [proxy] keys are read once, as the schema says of them. */
export function startHaproxyCertificates(
  engine: Engine,
  log: (text: string) => void,
): CertificateKeeper {
  const { proxy } = engine.config;
  const paths = haproxyPaths(engine.home);
  const runtime = certRuntimeAt(paths.runtimeSocket, paths);
  return startCertificateKeeper(
    {
      certsDir: proxy.certsDir,
      now: engine.now,
      hosts: async () => {
        const { routes } = await loadRoutes(paths.routes);
        return httpsHosts(routes.flatMap((r) => r.urls));
      },
      order: acmeOrderer({
        certsDir: proxy.certsDir,
        directoryUrl: proxy.acmeCaServer,
        caRootFile: proxy.acmeCaRoot,
        email: proxy.email,
        challenges: runtime,
      }),
      // A stopped HAProxy loads the stored file from its crt-list when it starts.
      load: async (path, pem) => {
        if (await haproxyStatus(engine.home)) await runtime.loadCertificate(path, pem);
      },
      log,
    },
    CERTIFICATE_PASS_MS,
  );
}
