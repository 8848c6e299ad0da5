// The extraction rules on their own: paths, entry types, and links followed the way the kernel will.
import assert from 'node:assert/strict';
import test from 'node:test';
import { isMypaasError } from '../../../src/core/errors.js';
import { uploadTree, type EntryHeader } from '../../../src/daemon/ssh/upload-tree.js';

function admitAll(entries: EntryHeader[], maxFiles = 100) {
  const tree = uploadTree(maxFiles);
  const admitted = entries.map((e) => tree.admit(e));
  tree.checkLinks();
  return admitted;
}

const refused = (err: unknown) => isMypaasError(err, 'UPLOAD_REFUSED');

test('an ordinary app is admitted, with missing parent directories made first', () => {
  const admitted = admitAll([
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

test('every way out of the work directory is refused', () => {
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
  for (const [what, entries] of cases) assert.throws(() => admitAll(entries), refused, what);
});

test('more entries than max_upload_files are refused', () => {
  const entries = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}`, type: 'file' }));
  assert.throws(
    () => admitAll(entries, 10),
    (err) => refused(err) && /more than 10 entries/.test(String(err)),
  );
  assert.equal(admitAll(entries.slice(0, 10), 10).length, 10);
});
