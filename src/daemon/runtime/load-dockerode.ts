// dockerode loads gRPC and protobufjs when it is imported, for BuildKit sessions, which mypaas never
// opens (it builds with the classic builder): about 14 MB of an idle daemon's memory. This loads
// dockerode with that one module standing in until something calls it, which then loads the real one.
import { createRequire, Module } from 'node:module';
import type Docker from 'dockerode';

/** dockerode's client class, with its BuildKit-session module loaded on first use. */
export function loadDockerode(): typeof Docker {
  const require = createRequire(import.meta.url);
  const session = require.resolve('dockerode/lib/session.js');
  if (require.cache[session] === undefined) {
    const standIn = new Module(session);
    standIn.filename = session;
    standIn.loaded = true;
    standIn.exports = (...args: unknown[]): unknown => {
      if (require.cache[session] === standIn) delete require.cache[session];
      return (require(session) as (...all: unknown[]) => unknown)(...args);
    };
    require.cache[session] = standIn;
  }
  return require('dockerode') as typeof Docker;
}
