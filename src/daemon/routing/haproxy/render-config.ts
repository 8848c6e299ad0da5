// Renders haproxy.cfg from the routes: pure, so every reload is a function of the stored routes
// and the servers the runtime API set are written back under the same names.
import type { Route } from '../router.js';
import { backendName, serverSpecs } from './haproxy-names.js';
import { HTTPS_REDIRECT_BACKEND, httpRules, httpsRules, type RouteRule } from './route-rules.js';

/** Everything one haproxy.cfg depends on. */
export interface HaproxyState {
  routes: readonly Route[];
  httpPort: number;
  httpsPort: number;
  /** Directory of `<host>.pem` files (cert + key); null when it holds none (no https frontend). */
  certsDir: string | null;
  /** PEM file names in certsDir; when given each is loaded alone, so other files there are ignored. */
  certFiles?: readonly string[];
  runtimeSocket: string;
  /** Address the frontends bind; default `*` (all IPv4 addresses). */
  bindAddress?: string;
  /** Automatic certificates: the https frontend loads `crtList` (always, it holds a default
   * certificate) and the http frontend answers HTTP-01 challenges from `challengeMap`. */
  acme?: { crtList: string; challengeMap: string };
}

/** The backend unknown hosts and paths fall through to. */
export const NO_ROUTE_BACKEND = 'mypaas_no_route';

/** The complete haproxy.cfg for `state`. */
export function renderHaproxyConfig(state: HaproxyState): string {
  const bind = state.bindAddress ?? '*';
  const tls = state.certsDir !== null || state.acme !== undefined;
  const sections = [
    globalSection(state.runtimeSocket),
    DEFAULTS,
    frontend(
      'http',
      [`bind ${bind}:${state.httpPort}`],
      'http',
      httpRules(state.routes),
      state.acme ? challengeRules(state.acme.challengeMap) : [],
    ),
    tls ? frontend('https', [httpsBind(state, bind)], 'https', httpsRules(state.routes)) : '',
    ...sortedRoutes(state.routes).map(backend),
    redirectBackend(state.httpsPort),
    NO_ROUTE,
  ];
  return sections.filter((s) => s !== '').join('\n');
}

/** The config without any server line: what decides between a runtime change and a reload. */
export function renderHaproxyStructure(state: HaproxyState): string {
  return renderHaproxyConfig({
    ...state,
    routes: state.routes.map((r) => ({ ...r, upstreams: [] })),
  });
}

/** Quotes a config word when it holds anything but plain characters (paths, url paths). */
export function quoteWord(word: string): string {
  return /^[A-Za-z0-9_./:@%+,=~-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const DEFAULTS = `defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout http-keep-alive 60s
    option http-keep-alive
    option forwardfor
    retries 2
    option redispatch
`;

const NO_ROUTE = `backend ${NO_ROUTE_BACKEND}
    http-request return status 404 content-type text/plain string "no service at this address"
`;

function globalSection(runtimeSocket: string): string {
  return `global
    master-worker
    stats socket ${quoteWord(runtimeSocket)} mode 600 level admin expose-fd listeners
    hard-stop-after 30s
`;
}

// Answers from the map the runtime API fills while a challenge is open; any other path goes on.
function challengeRules(map: string): string[] {
  return [
    `http-request set-var(txn.acme) path,map(${quoteWord(map)}) if { path_beg /.well-known/acme-challenge/ }`,
    'http-request return status 200 content-type text/plain lf-string "%[var(txn.acme)]" if { var(txn.acme) -m found }',
  ];
}

function httpsBind(state: HaproxyState, bind: string): string {
  if (state.acme) {
    const crts = `crt-list ${quoteWord(state.acme.crtList)}`;
    return `bind ${bind}:${state.httpsPort} ssl ${crts} alpn h2,http/1.1 ssl-min-ver TLSv1.2`;
  }
  const dir = state.certsDir ?? '';
  const crts = state.certFiles
    ? state.certFiles.map((file) => `crt ${quoteWord(`${dir}/${file}`)}`).join(' ')
    : `crt ${quoteWord(dir)}`;
  return `bind ${bind}:${state.httpsPort} ssl ${crts} alpn h2,http/1.1 ssl-min-ver TLSv1.2`;
}

function frontend(
  name: string,
  binds: string[],
  proto: string,
  rules: RouteRule[],
  first: string[] = [],
): string {
  const hosts = [...new Set(rules.map((r) => r.host))];
  const paths = [...new Set(rules.map((r) => r.path).filter((p) => p !== ''))];
  const lines = [
    ...binds,
    ...first,
    // Host without its port and trailing dot, lower-cased, as route urls are normalised.
    'http-request set-var(txn.host) req.hdr(host),field(1,:),lower,regsub([.]$,)',
    // Path decoded with runs of / merged, so `//login` and `/%6cogin` match what `/login` matches.
    'http-request set-var(txn.path) path,url_dec,regsub(/+,/,g)',
    // Browsers resolve dot segments; a request that still has one would match one prefix here and
    // mean another path to the app behind it.
    'http-request deny status 400 if { var(txn.path) -m reg (^|/)\\.\\.?(/|$) }',
    `http-request set-header X-Forwarded-Proto ${proto}`,
    ...hosts.map((h, i) => `acl host_${i} var(txn.host) -m str ${quoteWord(h)}`),
    ...paths.flatMap((p, i) => [
      `acl path_${i} var(txn.path) -m str ${quoteWord(decodedPath(p))}`,
      `acl path_${i} var(txn.path) -m beg ${quoteWord(`${decodedPath(p)}/`)}`,
    ]),
    ...rules.map((r) => {
      const conditions = [`host_${hosts.indexOf(r.host)}`];
      if (r.path !== '') conditions.push(`path_${paths.indexOf(r.path)}`);
      return `use_backend ${r.backend} if ${conditions.join(' ')}`;
    }),
    `default_backend ${NO_ROUTE_BACKEND}`,
  ];
  return `frontend ${name}\n${lines.map((l) => `    ${l}\n`).join('')}`;
}

// A normalised rule path as txn.path holds it: printable escapes decoded, runs of / merged.
function decodedPath(path: string): string {
  const decoded = path.replace(/%([0-9A-F]{2})/g, (escape, hex: string) => {
    const code = parseInt(hex, 16);
    return code >= 0x20 && code < 0x7f ? String.fromCharCode(code) : escape;
  });
  return decoded.replace(/\/+/g, '/');
}

function backend(route: Route): string {
  const servers = serverSpecs(route.upstreams).map(
    (s) => `    server ${s.name} ${s.host}:${s.port} weight ${s.weight}\n`,
  );
  return `backend ${backendName(route.service, route.env)}\n    balance roundrobin\n${servers.join('')}`;
}

// Keeps the request's host and path; names the https port only when it is not the default one.
function redirectBackend(httpsPort: number): string {
  const port = httpsPort === 443 ? '' : `:${httpsPort}`;
  return `backend ${HTTPS_REDIRECT_BACKEND}
    http-request redirect prefix https://%[var(txn.host)]${port} code 301
`;
}

function sortedRoutes(routes: readonly Route[]): Route[] {
  const name = (r: Route): string => backendName(r.service, r.env);
  return [...routes].sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}
