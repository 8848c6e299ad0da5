// The extraction rules on their own: paths, entry types, and links followed the way the kernel will.
import assert from 'node:assert/strict';
import test from 'node:test';
import { isMypaasError } from '../../../src/core/errors.js';
import { PATH_LIMITS } from '../../../src/daemon/ssh/upload-limits.js';
import { uploadTree, type EntryHeader } from '../../../src/daemon/ssh/upload-tree.js';

async function admitAll(entries: EntryHeader[], maxFiles = 100) {
  const tree = uploadTree(maxFiles);
  const admitted = entries.map((e) => tree.admit(e));
  await tree.checkLinks();
  return admitted;
}

const refused = (err: unknown) => isMypaasError(err, 'UPLOAD_REFUSED');

test('an ordinary app is admitted, with missing parent directories made first', async () => {
  const admitted = await admitAll([
    { name: './', type: 'directory' },
    { name: './Dockerfile', type: 'file' },
    { name: './src/lib/app.js', type: 'file' },
    { name: './src/', type: 'directory' },
    { name: './bin/run', type: 'symlink', linkname: '../src/lib/app.js' },
    { name: './src/lib/same.js', type: 'link', linkname: './src/lib/app.js' },
    { name: './node_modules/.bin/x', type: 'symlink', linkname: '../../src/lib' },
  ]);
  assert.deepEqual(
    admitted.map((a) => a.kind),
    ['skip', 'file', 'file', 'skip', 'symlink', 'link', 'symlink'],
  );
  assert.deepEqual(admitted[2], {
    kind: 'file',
    path: 'src/lib/app.js',
    newDirs: ['src', 'src/lib'],
  });
});

test('every way out of the work directory is refused', async () => {
  const cases: [string, EntryHeader[]][] = [
    ['absolute path', [{ name: '/etc/cron.d/x', type: 'file' }]],
    ['.. component', [{ name: 'a/../../x', type: 'file' }]],
    ['absolute symlink', [{ name: 'p', type: 'symlink', linkname: '/etc/passwd' }]],
    ['escaping symlink', [{ name: 'a/p', type: 'symlink', linkname: '../../etc' }]],
    [
      'write through a symlink',
      [
        { name: 'd', type: 'symlink', linkname: 'sub' },
        { name: 'd/x', type: 'file' },
      ],
    ],
    [
      'a symlink replaced by a file',
      [
        { name: 'p', type: 'symlink', linkname: 'x' },
        { name: 'p', type: 'file' },
      ],
    ],
    ['hard link to outside', [{ name: 'h', type: 'link', linkname: '/etc/passwd' }]],
    ['hard link up', [{ name: 'h', type: 'link', linkname: '../x' }]],
    [
      'hard link to a symlink',
      [
        { name: 's', type: 'symlink', linkname: 'x' },
        { name: 'h', type: 'link', linkname: 's' },
      ],
    ],
    [
      'chained symlinks',
      [
        { name: 'a', type: 'symlink', linkname: '.' },
        { name: 'b', type: 'symlink', linkname: 'a/..' },
      ],
    ],
    [
      'chained, declared in reverse',
      [
        { name: 'b', type: 'symlink', linkname: 'c/d/../..' },
        { name: 'c', type: 'symlink', linkname: 'e' },
        { name: 'e', type: 'symlink', linkname: '.' },
      ],
    ],
    [
      'symlink loop',
      [
        { name: 'a', type: 'symlink', linkname: 'b' },
        { name: 'b', type: 'symlink', linkname: 'a' },
      ],
    ],
    ['character device', [{ name: 'tty', type: 'character-device' }]],
    ['block device', [{ name: 'sda', type: 'block-device' }]],
    ['fifo', [{ name: 'pipe', type: 'fifo' }]],
    ['NUL in a name', [{ name: 'a\0b', type: 'file' }]],
    [
      'a file as a directory',
      [
        { name: 'f', type: 'file' },
        { name: 'f/x', type: 'file' },
      ],
    ],
  ];
  for (const [what, entries] of cases) await assert.rejects(admitAll(entries), refused, what);
});

test('more entries than max_upload_files are refused, directories made for them included', async () => {
  const entries = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, type: 'file' }));
  const tooMany = (err: unknown) => refused(err) && /more than 10 entries/.test(String(err));
  await assert.rejects(admitAll(entries, 10), tooMany);
  assert.equal((await admitAll(entries.slice(0, 10), 10)).length, 10);
  // One entry may not make hundreds of directories that the count never sees.
  await assert.rejects(admitAll([{ name: 'a/b/c/d/e/f/g/h/i/j/k', type: 'file' }], 10), tooMany);
  assert.equal((await admitAll([{ name: 'a/b/c/d/e/f/g/h/i/j', type: 'file' }], 10)).length, 1);
});

test('paths are bounded in bytes, depth and name length; targets too; the bounds themselves pass', async () => {
  const { maxPathBytes, maxDepth, maxNameBytes } = PATH_LIMITS;
  const deep = (n: number) => `${'a/'.repeat(n - 1)}x`;
  const accepted: EntryHeader[][] = [
    [{ name: deep(maxDepth), type: 'file' }],
    [{ name: 'n'.repeat(maxNameBytes), type: 'file' }],
    [
      {
        name: `${'b'.repeat(200)}/`.repeat(15) + 'x'.repeat(maxPathBytes - 201 * 15),
        type: 'file',
      },
    ],
    [{ name: 'l', type: 'symlink', linkname: deep(maxDepth) }],
  ];
  for (const entries of accepted) {
    assert.ok(Buffer.byteLength(entries[0]?.name ?? '') <= maxPathBytes);
    await admitAll(entries, 1000);
  }
  const cases: [string, EntryHeader[], RegExp][] = [
    ['64,000 a/ components', [{ name: deep(64_000), type: 'file' }], /longer than 3072 bytes/],
    ['too deep', [{ name: deep(maxDepth + 1), type: 'file' }], /more than 256 directories deep/],
    ['a long name', [{ name: `d/${'n'.repeat(maxNameBytes + 1)}` }], /name longer than 255/],
    ['multi-byte', [{ name: 'é'.repeat(maxPathBytes / 2 + 1) }], /longer than 3072 bytes/],
    [
      'a long symlink target',
      [{ name: 'l', type: 'symlink', linkname: 'x'.repeat(maxPathBytes + 1) }],
      /target of the symlink "l" .* is longer than/,
    ],
    [
      'a deep symlink target',
      [{ name: 'l', type: 'symlink', linkname: deep(maxDepth + 1) }],
      /more than 256 directories deep/,
    ],
    [
      'a long hard link target',
      [{ name: 'h', type: 'link', linkname: deep(64_000) }],
      /target of the hard link "h" .* is longer than/,
    ],
  ];
  for (const [what, entries, message] of cases) {
    await assert.rejects(
      admitAll(entries, 100_000),
      (err) => refused(err) && message.test(String(err)) && String(err).length < 700,
      what,
    );
  }
});

test('links through links resolve once each: a long chain, and a chain deeper than the kernel follows', async () => {
  // l1 → l0/.. , l2 → l1/.., …: each hop climbs one level, all inside a deep enough tree.
  const chain = (n: number): EntryHeader[] => [
    { name: `${'d/'.repeat(n)}f`, type: 'file' },
    { name: 'l0', type: 'symlink', linkname: 'd' },
    ...Array.from({ length: n }, (_, i) => ({
      name: `l${i + 1}`,
      type: 'symlink',
      linkname: `l${i}/d`,
    })),
  ];
  await admitAll(chain(PATH_LIMITS.maxHops - 1), 1000);
  await assert.rejects(admitAll(chain(PATH_LIMITS.maxHops + 1), 1000), refused);
  // Thousands of links that all go through one another's directories are checked in one pass.
  const many: EntryHeader[] = [{ name: 'top/x', type: 'file' }];
  for (let i = 0; i < 20_000; i += 1) {
    many.push({ name: `s/${i}`, type: 'symlink', linkname: i === 0 ? '../top' : `${i - 1}` });
  }
  await assert.rejects(admitAll(many, 100_000), refused, 'a chain of 20,000 hops is too long');
  const star: EntryHeader[] = [
    { name: 'top/x', type: 'file' },
    { name: 'hub', type: 'symlink', linkname: 'top' },
  ];
  for (let i = 0; i < 20_000; i += 1) {
    star.push({ name: `s/${i}`, type: 'symlink', linkname: `../hub/${'z/'.repeat(200)}dangling` });
  }
  await admitAll(star, 100_000);
});
