// The port through which the deploy engine moves traffic; one driver per proxy.

/** One upstream server of a route. */
export interface Upstream {
  /** `http://IP:PORT` */
  url: string;
  weight: number;
}

/** Everything a proxy needs to serve one (service, env). */
export interface Route {
  service: string;
  env: string;
  /** Normalised `http(s)://host[/path]` urls from the Dockerfile. */
  urls: string[];
  upstreams: Upstream[];
}

/** A proxy driver. `apply` resolves only once the proxy actually serves the change. */
export interface Router {
  readonly name: string;
  /** Routes (service, env) to exactly `route.upstreams`; an empty list takes it out of service. */
  apply(route: Route): Promise<void>;
  /** Stops sending new requests to `upstreams` and waits (bounded) for in-flight ones to finish. */
  drain(route: Route, upstreams: Upstream[], timeoutMs: number): Promise<void>;
  /** Forgets (service, env) entirely. */
  remove(service: string, env: string): Promise<void>;
}
