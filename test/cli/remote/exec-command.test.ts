// Exec strings: the words a command sends must come back unchanged from a POSIX shell's word
// splitting, which is what the daemon's parser follows (no shell ever runs them there).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { execCommand, quoteWord } from '../../../src/cli/remote/exec-command.js';

test('plain words stay plain and --events=json comes last', () => {
  assert.equal(execCommand(['status', 'web', '--json']), 'status web --json --events=json');
  assert.equal(
    execCommand(['env', 'web', 'set', 'URL=https://x.example/a?b=1']),
    "env web set 'URL=https://x.example/a?b=1' --events=json",
  );
});

test('every word survives sh word splitting exactly', () => {
  const words = [
    'A=1',
    'MSG=hello world',
    "it's",
    '',
    'a\\b',
    '$HOME',
    '`id`',
    '"q"',
    'tab\there',
    'new\nline',
    'ünï ✓',
    '*',
    '--x=y z',
    "''",
  ];
  const line = words.map(quoteWord).join(' ');
  const split = execFileSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' })
    .split('\0')
    .slice(0, -1);
  assert.deepEqual(split, words);
});
