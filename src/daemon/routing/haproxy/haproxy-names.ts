// How routes and upstreams are named inside HAProxy: derived from the data alone, so a reload
// renders the same names the runtime API used and nothing has to be remembered besides the routes.
import { MypaasError } from '../../../core/errors.js';
import type { Upstream } from '../router.js';

/** One HAProxy `server` line: a name derived from the address, the address and the weight. */
export interface ServerSpec {
  name: string;
  /** IPv4, `[IPv6]` or a host name, as HAProxy reads it before `:port`. */
  host: string;
  port: number;
  weight: number;
}

/** The backend of (service, env); `_` never appears inside env, so distinct pairs stay distinct. */
export function backendName(service: string, env: string): string {
  return `be_${service.replace(/[^A-Za-z0-9_.-]/g, '-')}_${env.replace(/[^A-Za-z0-9.-]/g, '-')}`;
}

/** The server for an upstream `http://IP:PORT`, named `s_<ip-with-underscores>_<port>`. */
export function serverSpec(upstream: Upstream): ServerSpec {
  let url: URL;
  try {
    url = new URL(upstream.url);
  } catch (cause) {
    throw new MypaasError('ROUTE_FAILED', `upstream "${upstream.url}" is not a URL`, { cause });
  }
  if (url.protocol !== 'http:' || url.hostname === '') {
    throw new MypaasError('ROUTE_FAILED', `upstream "${upstream.url}" is not http://IP:PORT`);
  }
  const port = url.port === '' ? 80 : Number(url.port);
  const host = url.hostname;
  const name = `s_${host.replace(/[^A-Za-z0-9]/g, '_')}_${port}`;
  return { name, host, port, weight: clampWeight(upstream.weight) };
}

/** The server specs of a list of upstreams, one per distinct address. */
export function serverSpecs(upstreams: readonly Upstream[]): ServerSpec[] {
  const byName = new Map<string, ServerSpec>();
  for (const upstream of upstreams) {
    const spec = serverSpec(upstream);
    if (!byName.has(spec.name)) byName.set(spec.name, spec);
  }
  return [...byName.values()];
}

// HAProxy weights are integers from 0 (no new traffic) to 256.
function clampWeight(weight: number): number {
  if (!Number.isFinite(weight)) return 1;
  return Math.min(256, Math.max(0, Math.round(weight)));
}
