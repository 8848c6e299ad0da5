// A large app directory to upload: a few hundred files of mixed sizes, half random bytes (media,
// archives: incompressible), half generated log and source text (gzip shrinks it ~4x).
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const KB = 1024;
const MB = 1024 * KB;

/** Per half: 8 × 16 MiB, 24 × 4 MiB, 48 × 512 KiB, 64 × 32 KiB = 250 MiB in 144 files. */
const SIZES: [count: number, size: number][] = [
  [8, 16 * MB],
  [24, 4 * MB],
  [48, 512 * KB],
  [64, 32 * KB],
];

/** What was written. */
export interface SampleApp {
  files: number;
  bytes: number;
}

/** Writes the app into the empty directory `dir`, with `dockerfile` as its Dockerfile. */
export async function writeSampleApp(dir: string, dockerfile: string): Promise<SampleApp> {
  await writeFile(join(dir, 'Dockerfile'), dockerfile);
  const largest = Math.max(...SIZES.map(([, size]) => size));
  const text = textPool(2 * largest);
  let files = 1;
  let bytes = dockerfile.length;
  for (const [tier, [count, size]] of SIZES.entries()) {
    const media = join(dir, 'assets', `media-${tier}`);
    const logs = join(dir, 'data', `logs-${tier}`);
    await mkdir(media, { recursive: true });
    await mkdir(logs, { recursive: true });
    for (let i = 0; i < count; i++) {
      await writeFile(join(media, `blob-${i}.bin`), randomBytes(size));
      // Each file starts at its own offset in the pool, so no two files are alike.
      const start = ((tier * 131 + i) * 77_777) % (text.length - size + 1);
      await writeFile(join(logs, `app-${i}.log`), text.subarray(start, start + size));
      files += 2;
      bytes += 2 * size;
    }
  }
  return { files, bytes };
}

/** Log lines with varying ids, paths, users and timings: text that compresses like real logs do,
 * not like one line repeated. */
export function textPool(size: number): Buffer {
  let seed = 42;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const levels = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
  const verbs = ['GET', 'POST', 'PUT', 'DELETE'];
  const paths = ['/api/users', '/api/orders', '/static/app.js', '/healthz', '/api/invoices'];
  const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace'];
  const lines: string[] = [];
  let length = 0;
  while (length < size) {
    const time = `2024-0${1 + next(9)}-${10 + next(18)}T${10 + next(14)}:${10 + next(50)}:${10 + next(50)}.${100 + next(900)}Z`;
    const line =
      `${time} ${levels[next(levels.length)]} web.${next(8)} ${verbs[next(verbs.length)]} ` +
      `${paths[next(paths.length)]}/${next(100_000)} user=${users[next(users.length)]} ` +
      `request=${next(0xffffff).toString(16)}${next(0xffffff).toString(16)} status=${[200, 200, 201, 304, 404, 500][next(6)]} ms=${next(2000)}\n`;
    lines.push(line);
    length += line.length;
  }
  return Buffer.from(lines.join('')).subarray(0, size);
}
