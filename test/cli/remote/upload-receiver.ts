// What the stand-in daemon does with a push's stdin: unframe, untar, and write it out (or just count it).
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { frameDecoder } from '../../../src/daemon/ssh/frame-decoder.js';
import tar from 'tar-stream';

/** One tar entry as received. */
export interface Received {
  name: string;
  type: string;
  size: number;
  mode: number;
  linkname?: string;
}

/** Unpacks the upload into `dir` (symlinks as symlinks) when given; returns every entry header. */
export async function receiveUpload(stdin: Readable, dir?: string): Promise<Received[]> {
  const entries: Received[] = [];
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const entry: Received = {
      name: header.name,
      type: header.type,
      size: header.size,
      mode: header.mode,
    };
    if (header.linkname) entry.linkname = header.linkname;
    entries.push(entry);
    const chunks: Buffer[] = [];
    stream.on('error', () => {}); // a cut-off upload fails the pipeline below; that is the report
    stream.on('data', (chunk) => {
      if (dir) chunks.push(chunk as Buffer);
    });
    stream.on('end', () => {
      if (!dir) return next();
      const path = join(dir, header.name);
      const write = async () => {
        await mkdir(header.type === 'directory' ? path : dirname(path), { recursive: true });
        if (header.type === 'file')
          await writeFile(path, Buffer.concat(chunks), { mode: header.mode });
        if (header.type === 'symlink') await symlink(header.linkname ?? '', path);
      };
      write().then(() => next(), next);
    });
  });
  await pipeline(stdin, frameDecoder().stream, extract);
  return entries;
}
