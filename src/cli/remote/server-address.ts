// Turns the SERVER argument (`[user@]host[:port]` or a servers.toml name) into where to connect.
import { MypaasError } from '../../core/errors.js';
import { readServersFile } from './servers-file.js';

/** The port the mypaas daemon's SSH server listens on by default ([daemon] ssh_listen). */
export const DEFAULT_SSH_PORT = 2222;
/** The SSH user sent when none is given; the daemon authenticates by key, not by user. */
export const DEFAULT_SSH_USER = 'mypaas';

/** Everything needed to open the SSH connection to one host. */
export interface ServerTarget {
  /** What the user typed (`prod`, `deploy@203.0.113.7`), for messages. */
  label: string;
  host: string;
  port: number;
  user: string;
  /** The key file servers.toml names for this server, if any. */
  identity?: string;
}

/** The parts of `[user@]host[:port]`; IPv6 addresses go in brackets when a port follows. */
export interface ServerAddress {
  user?: string;
  host: string;
  port?: number;
}

/** Resolves SERVER: a name defined in servers.toml wins, anything else is parsed as an address. */
export async function resolveServer(server: string, file: string): Promise<ServerTarget> {
  if (/^[A-Za-z0-9_.-]+$/.test(server)) {
    const named = (await readServersFile(file))[server];
    if (named)
      return {
        label: server,
        ...named,
        port: named.port ?? DEFAULT_SSH_PORT,
        user: named.user ?? DEFAULT_SSH_USER,
      };
  }
  const address = parseServerAddress(server);
  return {
    label: server,
    host: address.host,
    port: address.port ?? DEFAULT_SSH_PORT,
    user: address.user ?? DEFAULT_SSH_USER,
  };
}

/** Parses `[user@]host[:port]`, `[::1]:2222`, or a bare IPv6 address; throws USAGE with an example. */
export function parseServerAddress(text: string): ServerAddress {
  const match = /^(?:([^@\s]+)@)?(?:\[([^\]\s]+)\]|([^@[\]\s]+?))(?::(\d+))?$/.exec(text);
  const bareIpv6 =
    /^(?:([^@\s]+)@)?([0-9A-Fa-f]*:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(?:%[\w.-]+)?)$/.exec(text);
  if (bareIpv6?.[2] && isIpv6(bareIpv6[2])) return withUser(bareIpv6[1], bareIpv6[2], undefined);
  const host = match?.[2] ?? match?.[3];
  if (!match || !host) throw badAddress(text, 'is not [user@]host[:port]');
  if (match[2] !== undefined && !isIpv6(host))
    throw badAddress(text, 'has brackets around something other than an IPv6 address');
  if (match[3] !== undefined && !/^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?$/.test(host)) {
    throw badAddress(text, `has ${JSON.stringify(host)} where a host name or IP address should be`);
  }
  if (match[1] !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(match[1])) {
    throw badAddress(text, `has ${JSON.stringify(match[1])} where a user name should be`);
  }
  const port = match[4] === undefined ? undefined : Number(match[4]);
  if (port !== undefined && (port < 1 || port > 65535))
    throw badAddress(text, `has port ${port}, outside 1–65535`);
  return withUser(match[1], host.toLowerCase(), port);
}

function isIpv6(host: string): boolean {
  return /^[0-9A-Fa-f:.]+(?:%[\w.-]+)?$/.test(host) && host.includes(':');
}

function withUser(user: string | undefined, host: string, port: number | undefined): ServerAddress {
  return { host, ...(user === undefined ? {} : { user }), ...(port === undefined ? {} : { port }) };
}

function badAddress(text: string, why: string): MypaasError {
  return new MypaasError('USAGE', `server ${JSON.stringify(text)} ${why}`, {
    hint: 'give a server name from servers.toml, or an address such as 203.0.113.7, deploy@example.com:2222 or [2001:db8::1]:2222',
  });
}
