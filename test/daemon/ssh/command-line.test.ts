// The exec string splitter: shell-like words, and nothing a shell would do with them.
import assert from 'node:assert/strict';
import test from 'node:test';
import { isMypaasError } from '../../../src/core/errors.js';
import { splitCommandLine } from '../../../src/daemon/ssh/command-line.js';

test('words split like sh: quotes, escapes, empty words; $ ; | stay literal', () => {
  const cases: [string, string[]][] = [
    ['status', ['status']],
    ['  logs   web  -f ', ['logs', 'web', '-f']],
    [
      `env web set 'GREETING=hello world' "B=a \\"b\\" \\$c"`,
      ['env', 'web', 'set', 'GREETING=hello world', 'B=a "b" $c'],
    ],
    [`env web set A='it'\\''s'`, ['env', 'web', 'set', "A=it's"]],
    [`env web set A=a\\ b C=""`, ['env', 'web', 'set', 'A=a b', 'C=']],
    [
      'status; rm -rf / | cat $HOME `id`',
      ['status;', 'rm', '-rf', '/', '|', 'cat', '$HOME', '`id`'],
    ],
    [`"a\\nb"`, ['a\\nb']],
    ['', []],
  ];
  for (const [line, words] of cases) assert.deepEqual(splitCommandLine(line), words, line);
});

test('unclosed quotes, a trailing backslash, control characters and huge lines are refused', () => {
  for (const line of [
    `status 'web`,
    'status "web',
    'status \\',
    'status\0web',
    'x'.repeat(17_000),
  ]) {
    assert.throws(
      () => splitCommandLine(line),
      (err) => isMypaasError(err, 'COMMAND_REFUSED'),
      line.slice(0, 20),
    );
  }
});
