// A STAND-IN for Traefik's API, used only because Traefik cannot be installed or pulled on these
// machines. Like Traefik's file provider it loads every *.toml file of the watched directory (other
// extensions, such as the driver's .tmp files, are skipped) and answers
// GET /api/http/services/<name>@file the way Traefik's API does, or 404. Traefik takes a moment to
// pick a change up; `lagMs` mimics that: a changed file is served as it was for that long.
import { readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { parse } from '@iarna/toml';

/** The stand-in while it runs; `lagMs` may change between calls (Infinity: never picks anything up). */
export interface FakeTraefik {
  apiUrl: string;
  lagMs: number;
  /** The servers of each answer in order, `null` for a 404. */
  answers: (string[] | null)[];
}

type Service = { loadBalancer?: { servers?: { url: string }[] }; weighted?: unknown };

/** Serves the stand-in on 127.0.0.1:0 for `dir`; closed after the test. */
export async function startFakeTraefik(
  t: TestContext,
  dir: string,
  lagMs = 0,
): Promise<FakeTraefik> {
  const loaded = new Map<string, string>(); // what "Traefik" serves now
  const pending = new Map<string, { text: string | null; since: number }>();
  const fake: FakeTraefik = { apiUrl: '', lagMs, answers: [] };

  const refresh = async (): Promise<void> => {
    const now = Date.now();
    const onDisk = new Map<string, string>();
    for (const name of await readdir(dir)) {
      if (name.endsWith('.toml')) onDisk.set(name, await readFile(join(dir, name), 'utf8'));
    }
    for (const name of new Set([...loaded.keys(), ...onDisk.keys()])) {
      const text = onDisk.get(name) ?? null;
      if (text === (loaded.get(name) ?? null)) {
        pending.delete(name);
        continue;
      }
      const seen = pending.get(name);
      if (seen === undefined || seen.text !== text) pending.set(name, { text, since: now });
      else if (now - seen.since >= fake.lagMs) {
        if (text === null) loaded.delete(name);
        else loaded.set(name, text);
        pending.delete(name);
      }
    }
  };

  const find = (name: string): Service | undefined => {
    const defs = [...loaded.values()].flatMap((text) => {
      const services = (parse(text) as { http?: { services?: Record<string, Service> } }).http
        ?.services;
      const service = services?.[name];
      return service === undefined ? [] : [service];
    });
    return defs.length === 1 ? defs[0] : undefined; // Traefik drops a name defined twice
  };

  const server = http.createServer((req, res) => {
    const match = /^\/api\/http\/services\/([^/]+)@file$/.exec(req.url ?? '');
    void refresh().then(() => {
      const service = match?.[1] === undefined ? undefined : find(match[1]);
      if (service === undefined) {
        fake.answers.push(null);
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `service not found: ${match?.[1] ?? req.url}@file` }));
        return;
      }
      fake.answers.push((service.loadBalancer?.servers ?? []).map((s) => s.url));
      const type = service.loadBalancer ? 'loadbalancer' : 'weighted';
      const body = {
        ...service,
        status: 'enabled',
        name: `${match?.[1]}@file`,
        provider: 'file',
        type,
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  fake.apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
