// Archives made by hand to escape or exhaust the daemon: each is refused with UPLOAD_REFUSED,
// nothing is written outside the work directory, nothing is deployed, and no work dir is left.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { deflateRawSync, gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { decodeEvent } from '../../../src/core/protocol.js';
import { DEFLATED, frameHeader, FRAMES_MAGIC, STORED } from '../../../src/core/upload-frames.js';
import { listServices } from '../../../src/daemon/state/services.js';
import { daemonFixture, execOverSsh2 } from './daemon-fixture.js';

type Entry = Partial<tar.Header> & { name: string; content?: Buffer | string };

/** A tar made entry by entry, exactly as given; gzip'd when asked. */
async function archive(
  entries: Entry[],
  options: { gzip?: boolean; cut?: number } = {},
): Promise<Buffer> {
  const pack = tar.pack();
  for (const { content, ...header } of entries) pack.entry(header, content ?? '');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks).subarray(0, options.cut);
  return options.gzip ? gzipSync(bytes, { level: 9 }) : bytes;
}

/** The CLI's framing of `tar`, made by hand: frames of `size` tar bytes, all stored or all deflated. */
function framed(tar: Buffer, kind: 'stored' | 'deflated', size = 64 * 1024): Buffer {
  const parts: Buffer[] = [FRAMES_MAGIC];
  for (let at = 0; at < tar.length; at += size) {
    const slice = tar.subarray(at, at + size);
    const payload = kind === 'deflated' ? deflateRawSync(slice) : slice;
    parts.push(frameHeader(kind === 'deflated' ? DEFLATED : STORED, payload.length, slice.length));
    parts.push(payload);
  }
  return Buffer.concat(parts);
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

test('hostile archives are refused and leave nothing behind, inside or outside the work dir', async (t) => {
  const f = await daemonFixture(t, '[daemon]\nmax_upload_bytes = 3000000\nmax_upload_files = 40\n');
  if (!f) return;
  const alice = await f.key('alice', 'admin');
  const key = await readFile(alice.privateFile);
  const decoy = await mkdtemp(join(tmpdir(), 'mypaas-decoy-'));
  t.after(() => rm(decoy, { recursive: true, force: true }));
  const escaped = `mypaas-escaped-${randomBytes(4).toString('hex')}`;
  const passwd = createHash('sha256')
    .update(await readFile('/etc/passwd'))
    .digest('hex');
  const dockerfile: Entry = {
    name: 'Dockerfile',
    content: `# mypaas.service=${f.service('evil')}\nFROM scratch\n`,
  };
  const files = (count: number): Entry[] =>
    Array.from({ length: count }, (_, i) => ({ name: `f${i}.txt`, content: 'x' }));

  const cases: [string, Buffer, RegExp][] = [
    [
      'absolute path',
      await archive([dockerfile, { name: `/tmp/${escaped}`, content: 'x' }]),
      /is absolute/,
    ],
    [
      '../ path',
      await archive([dockerfile, { name: `../../${escaped}`, content: 'x' }]),
      /has a \.\. component/,
    ],
    [
      'symlink to /etc/passwd, then a file written through it',
      await archive([
        dockerfile,
        { name: 'passwd', type: 'symlink', linkname: '/etc/passwd' },
        { name: 'passwd', content: 'owned' },
      ]),
      /points to "\/etc\/passwd", outside the upload/,
    ],
    [
      'symlink to a directory outside, then a file inside it',
      await archive(
        [
          dockerfile,
          { name: 'out', type: 'symlink', linkname: decoy },
          { name: 'out/owned', content: 'owned' },
        ],
        { gzip: true },
      ),
      /outside the upload/,
    ],
    [
      'relative symlink chain that leads out, then a file through it',
      await archive([
        dockerfile,
        { name: 'a', type: 'symlink', linkname: '.' },
        { name: 'b', type: 'symlink', linkname: 'a/../..' },
        { name: 'b/owned', content: 'owned' },
      ]),
      /outside the upload|written through the symlink/,
    ],
    [
      'relative symlink chain that leads out, used later by the build',
      await archive([
        dockerfile,
        { name: 'a', type: 'symlink', linkname: '.' },
        { name: 'b', type: 'symlink', linkname: 'a/..' },
      ]),
      /leads outside the upload through other links/,
    ],
    [
      'hard link to /etc/passwd',
      await archive([dockerfile, { name: 'h', type: 'link', linkname: '/etc/passwd' }]),
      /is absolute/,
    ],
    [
      'hard link up and out',
      await archive([dockerfile, { name: 'h', type: 'link', linkname: '../../../etc/passwd' }]),
      /\.\. component/,
    ],
    [
      'character device',
      await archive([
        dockerfile,
        { name: 'tty', type: 'character-device', devmajor: 5, devminor: 0 },
      ]),
      /"tty" is a character-device/,
    ],
    ['fifo', await archive([dockerfile, { name: 'pipe', type: 'fifo' }]), /"pipe" is a fifo/],
    [
      'one entry 64,000 a/ components deep (a 133 kB upload that once took the daemon down)',
      await archive([dockerfile, { name: `${'a/'.repeat(64_000)}x`, content: 'x' }]),
      /its path "a\/a\/.{100,}\.\.\." is longer than 3072 bytes/,
    ],
    [
      'a path 300 directories deep',
      await archive([dockerfile, { name: `${'a/'.repeat(300)}x`, content: 'x' }]),
      /is more than 256 directories deep/,
    ],
    [
      'a symlink whose target is 100 kB long',
      await archive([dockerfile, { name: 'l', type: 'symlink', linkname: 'x/'.repeat(50_000) }]),
      /the target of the symlink "l" .* is longer than 3072 bytes/,
    ],
    [
      'a hard link whose target is 64,000 components deep',
      await archive([dockerfile, { name: 'h', type: 'link', linkname: 'a/'.repeat(64_000) }]),
      /the target of the hard link "h" .* is longer than 3072 bytes/,
    ],
    [
      'more directories than max_upload_files, made by one deep entry',
      await archive([dockerfile, { name: `${'d/'.repeat(100)}x`, content: 'x' }]),
      /more than 40 entries \(max_upload_files\)/,
    ],
    [
      'too many files',
      await archive([dockerfile, ...files(45)], { gzip: true }),
      /more than 40 entries \(max_upload_files\)/,
    ],
    [
      'too many bytes',
      await archive([dockerfile, { name: 'big.bin', content: randomBytes(4_000_000) }]),
      /larger than 3000000 bytes uncompressed \(max_upload_bytes\)/,
    ],
    [
      'gzip bomb',
      await archive([dockerfile, { name: 'zeros', content: Buffer.alloc(50_000_000) }], {
        gzip: true,
      }),
      /expands \d+:1 when uncompressed, which only a zip bomb does/,
    ],
    ['not an archive', randomBytes(5000), /not a tar archive/],
    ['gzip of something else', gzipSync(randomBytes(5000)), /not a tar archive/],
    [
      'broken gzip',
      Buffer.concat([Buffer.from([0x1f, 0x8b]), randomBytes(5000)]),
      /not a readable tar.gz archive/,
    ],
    [
      'an archive cut off between two entries',
      await archive(
        [dockerfile, { name: 'a.txt', content: 'a' }, { name: 'b.txt', content: 'b' }],
        { cut: 1536 },
      ),
      /archive is incomplete/,
    ],
    ['nothing at all', Buffer.alloc(0), /nothing was received/],
    [
      'framed: symlink to a directory outside, then a file inside it',
      framed(
        await archive([
          dockerfile,
          { name: 'out', type: 'symlink', linkname: decoy },
          { name: 'out/owned', content: 'owned' },
        ]),
        'deflated',
      ),
      /outside the upload/,
    ],
    [
      'framed bomb',
      framed(
        await archive([dockerfile, { name: 'zeros', content: Buffer.alloc(20_000_000) }]),
        'deflated',
        512 * 1024,
      ),
      /expands \d+:1 when uncompressed, which only a zip bomb does/,
    ],
    [
      'a frame that inflates to more than its header says',
      Buffer.concat([
        FRAMES_MAGIC,
        frameHeader(DEFLATED, deflateRawSync(Buffer.alloc(5000)).length, 1000),
        deflateRawSync(Buffer.alloc(5000)),
      ]),
      /does not inflate to 1000 bytes/,
    ],
    [
      'an unknown frame kind',
      Buffer.concat([FRAMES_MAGIC, frameHeader(0x58, 512, 512), Buffer.alloc(512)]),
      /unknown frame kind 88/,
    ],
    [
      'a frame larger than a receiver holds at once',
      Buffer.concat([FRAMES_MAGIC, frameHeader(STORED, 5 << 20, 5 << 20), Buffer.alloc(1024)]),
      /outside 1\.\.4194304/,
    ],
    [
      'framed, cut off in the middle of a frame',
      framed(await archive([dockerfile, { name: 'a.txt', content: 'a' }]), 'stored').subarray(
        0,
        FRAMES_MAGIC.length + 9 + 700,
      ),
      /archive is incomplete/,
    ],
  ];

  for (const [what, bytes, message] of cases) {
    const plain = await f.ssh(alice, ['push'], bytes);
    assert.equal(plain.code, 1, `${what}: ${plain.stderr}`);
    assert.match(plain.stderr, /^error: upload refused: /m, what);
    assert.match(plain.stderr, message, what);
    assert.ok(plain.stderr.length < 1500, `${what}: the entry is named, cut short`);

    const events = await execOverSsh2(f.port, key, 'push --events=json', bytes);
    const result = decodeEvent(events.stdout.trim().split('\n').at(-1) ?? '');
    assert.ok(result?.type === 'result' && !result.ok, what);
    assert.equal(result.error.code, 'UPLOAD_REFUSED', what);
    assert.equal(events.code, 1, what);

    assert.deepEqual(await f.workDirs(), [], `${what}: no work dir is left`);
    assert.deepEqual(await readdir(decoy), [], `${what}: nothing written outside`);
    for (const path of [
      `/tmp/${escaped}`,
      join(f.home, escaped),
      join(f.home, 'work', escaped),
      join(f.home, '..', escaped),
    ]) {
      assert.equal(await exists(path), false, `${what}: ${path}`);
    }
  }
  const after = createHash('sha256')
    .update(await readFile('/etc/passwd'))
    .digest('hex');
  assert.equal(after, passwd, '/etc/passwd is untouched');
  assert.deepEqual(listServices(f.engine.db), [], 'nothing was deployed');
  assert.ok(
    f.log.every((line) => !line.includes('internal error')),
    f.log.join('\n'),
  );
});
