// The value kinds and key builders the config.toml schema is written with: how a raw TOML value is
// read as each type, and the common shapes of a key (ports, durations, counts).
import { isAbsolute } from 'node:path';
import { parseDuration } from '../core/duration.js';
import { normaliseHost } from '../core/route-url.js';
import { expandHome, type HomeDirs } from './home.js';
import type { Kind, KeySpec } from './schema.js';

// The daemon builds its SSH server, build slots, proxy driver and route follower from these once.
export function atStart<T>(restart: 'daemon' | 'proxy', spec: KeySpec<T>): KeySpec<T> {
  return { ...spec, restart };
}

export function text(): Kind<string> {
  return { expected: 'a string', read: (raw) => (typeof raw === 'string' ? raw : undefined) };
}

export function oneOf<const T extends string>(values: readonly T[]): Kind<T> {
  const expected = `one of ${values.map((v) => `"${v}"`).join(', ')}`;
  return { expected, read: (raw) => values.find((v) => v === raw) };
}

// Host names are stored in the one normal form route urls use, so `Shop.Example.com.` matches.
export function sharedHosts(): Kind<Record<string, string[]>> {
  const SERVICE = /^[a-z0-9][a-z0-9_.-]{0,62}$/;
  const HOST = /^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;
  return {
    expected:
      'a table of host = ["service", …] (lowercase service names), e.g. { "a.example.com" = ["a", "b"] }',
    read: (raw) => {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof Date)
        return undefined;
      const out: Record<string, string[]> = {};
      for (const [name, services] of Object.entries(raw)) {
        const host = normaliseHost(name);
        if (!HOST.test(host) || !Array.isArray(services)) return undefined;
        if (!services.every((s) => typeof s === 'string' && SERVICE.test(s))) return undefined;
        out[host] = [...new Set([...(out[host] ?? []), ...(services as string[])])];
      }
      return out;
    },
  };
}

export function boolean(): Kind<boolean> {
  return { expected: 'true or false', read: (raw) => (typeof raw === 'boolean' ? raw : undefined) };
}

function integer(): Kind<number> {
  return {
    expected: 'an integer',
    read: (raw) => (typeof raw === 'number' && Number.isSafeInteger(raw) ? raw : undefined),
  };
}

export function path(): Kind<string> {
  return {
    expected: 'an absolute path or one starting with ~/',
    read: (raw, dirs) => (typeof raw === 'string' ? absolute(raw, dirs) : undefined),
  };
}

// '' stays '' (the key is off); anything else must be a path, as path() reads it.
export function optionalPath(): Kind<string> {
  return {
    expected: 'an absolute path, one starting with ~/, or "" for none',
    read: (raw, dirs) =>
      raw === '' ? '' : typeof raw === 'string' ? absolute(raw, dirs) : undefined,
  };
}

export function pathList(): Kind<string[]> {
  return {
    expected: 'an array of absolute paths or paths starting with ~/',
    read: (raw, dirs) => {
      if (!Array.isArray(raw)) return undefined;
      const paths = raw.map((p) => (typeof p === 'string' ? absolute(p, dirs) : undefined));
      return paths.every((p) => p !== undefined) ? paths : undefined;
    },
  };
}

function absolute(raw: string, dirs: HomeDirs): string | undefined {
  const expanded = expandHome(raw, dirs.userHome);
  return isAbsolute(expanded) ? expanded : undefined;
}

export function port(key: string, fallback: number, description: string): KeySpec<number> {
  return {
    key,
    kind: integer(),
    default: () => fallback,
    defaultToml: String(fallback),
    check: (v) => (v >= 1 && v <= 65535 ? undefined : 'must be a port from 1 to 65535'),
    description,
    example: String(fallback),
  };
}

export function atLeastOne(key: string, fallback: number, description: string): KeySpec<number> {
  return {
    key,
    kind: integer(),
    default: () => fallback,
    defaultToml: String(fallback),
    check: (v) => (v >= 1 ? undefined : 'must be at least 1'),
    description,
    example: String(fallback),
  };
}

export function duration(key: string, fallback: string, description: string): KeySpec<number> {
  return {
    key,
    kind: {
      expected: 'a duration such as "250ms", "5s", "2m" or "1h"',
      read: (raw) => (typeof raw === 'string' ? parseDuration(raw) : undefined),
    },
    default: () => parseDuration(fallback) ?? 0,
    defaultToml: `"${fallback}"`,
    description,
    example: `"${fallback}"`,
  };
}

export function positive(spec: KeySpec<number>): KeySpec<number> {
  return { ...spec, check: (v) => (v > 0 ? undefined : 'must be longer than 0s') };
}

// `host:port` or `[ipv6]:port`, port 0-65535 (0 lets the OS choose, which tests use).
export function checkListen(value: string): string | undefined {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(value);
  if (!match) return 'must be host:port or [ipv6]:port';
  return Number(match[2]) <= 65535 ? undefined : 'port must be from 0 to 65535';
}
