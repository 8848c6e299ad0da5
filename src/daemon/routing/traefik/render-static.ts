// Traefik's static configuration, read once at start: entrypoints, the ACME resolver, the file
// provider mypaas writes routes into, and the API the driver confirms changes through.
import { stringify, type JsonMap } from '@iarna/toml';

/** What the static configuration depends on; paths are as Traefik sees them inside its container. */
export interface TraefikStaticOptions {
  /** Let's Encrypt contact address; empty registers an account without one. */
  email: string;
  httpPort: number;
  httpsPort: number;
  /** The API and ping port, bound to 127.0.0.1 only. */
  apiPort: number;
  /** The directory the file provider watches for one file per (service, env). */
  dynamicDir: string;
  /** The ACME account and certificates file, kept on the host so restarts reuse certificates. */
  acmeStorage: string;
  /** The ACME directory ([proxy] acme_ca_server); absent leaves Traefik's own default (Let's Encrypt). */
  caServer?: string;
}

/** How long Traefik batches provider changes before it applies them. */
export const PROVIDERS_THROTTLE = '200ms';

/** The name routers use in `tls.certResolver` to get a Let's Encrypt certificate for their hosts. */
export const CERT_RESOLVER = 'letsencrypt';

/** The static configuration as data, for validation and for `renderTraefikStaticToml`. */
export function renderTraefikStatic(options: TraefikStaticOptions): JsonMap {
  const acme: JsonMap = {
    ...(options.email === '' ? {} : { email: options.email }),
    ...(options.caServer === undefined ? {} : { caServer: options.caServer }),
    storage: options.acmeStorage,
    keyType: 'EC256',
    httpChallenge: { entryPoint: 'web' },
  };
  return {
    global: { checkNewVersion: false, sendAnonymousUsage: false },
    log: { level: 'INFO' },
    entryPoints: {
      // asDefault keeps a router that names no entrypoint off the loopback API entrypoint.
      web: { address: `:${options.httpPort}`, asDefault: true },
      // No entrypoint-wide certResolver: each https router asks for its own hosts' certificates.
      websecure: { address: `:${options.httpsPort}`, asDefault: true },
      // Traefik runs with host networking, so loopback here means reachable from the host only.
      traefik: { address: `127.0.0.1:${options.apiPort}` },
    },
    // `insecure` serves the API on the entrypoint named `traefik`, which is loopback-only above.
    api: { insecure: true, dashboard: false },
    ping: { entryPoint: 'traefik' },
    providers: {
      // Traefik holds each change back this long (2 s by default) to batch bursts; a deploy waits
      // for its change to be served, and mypaas writes one file per change, so keep it short.
      providersThrottleDuration: PROVIDERS_THROTTLE,
      file: { directory: options.dynamicDir, watch: true },
    },
    certificatesResolvers: { [CERT_RESOLVER]: { acme } },
  };
}

/** The static configuration as the TOML file Traefik is started with. */
export function renderTraefikStaticToml(options: TraefikStaticOptions): string {
  return `# Written by mypaas (server init); changes take effect when the proxy restarts.\n${stringify(
    renderTraefikStatic(options),
  )}`;
}
