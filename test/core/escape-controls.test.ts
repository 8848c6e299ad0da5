// The one sanitiser for text shown on a terminal, and JSON that is safe to print there too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { escapeControls, safeJson } from '../../src/core/escape-controls.js';

// Every code point a terminal acts on, besides tab and newline.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

// Any text, weighted towards the characters that matter here.
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\x1b', '[', ']', '\x07', '\x9b', '\r', '\t', '\n', '\x7f', '\\', '\0'),
    fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
    fc.string({ maxLength: 1 }),
  ),
  maxLength: 200,
});

test('escapeControls leaves nothing a terminal acts on, keeps the rest, and can be read back', () => {
  fc.assert(
    fc.property(text, (input) => {
      const out = escapeControls(input);
      assert.doesNotMatch(out, ACTIVE);
      assert.ok(out.length <= input.length * 4, 'each character grows to at most \\xNN');
      if (!ACTIVE.test(input)) assert.equal(out, input, 'text without controls is untouched');
      if (!input.includes('\\')) {
        const back = out.replace(/\\x([0-9a-f]{2})/g, (_, hex: string) =>
          String.fromCharCode(parseInt(hex, 16)),
        );
        assert.equal(back, input, 'nothing is lost');
      }
    }),
  );
});

test('escapeControls shows colour, title, C1 CSI, carriage return and NUL as \\xNN', () => {
  const cases: [string, string][] = [
    ['\x1b[31mred\x1b[0m', '\\x1b[31mred\\x1b[0m'],
    ['\x1b]0;pwned\x07', '\\x1b]0;pwned\\x07'],
    ['\x9b2J', '\\x9b2J'],
    ['50%\r100%', '50%\\x0d100%'],
    ['a\0b\x7fc', 'a\\x00b\\x7fc'],
    ['tab\tkept\nnewline kept, é ✓ 𝄞 kept', 'tab\tkept\nnewline kept, é ✓ 𝄞 kept'],
  ];
  for (const [input, shown] of cases) assert.equal(escapeControls(input), shown);
});

test('safeJson is the same data as JSON.stringify, with no control character left raw', () => {
  fc.assert(
    fc.property(fc.jsonValue(), text, (value, line) => {
      for (const v of [value, { line }]) {
        const json = safeJson(v);
        assert.doesNotMatch(json, ACTIVE);
        assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(v)));
      }
    }),
  );
  assert.equal(safeJson({ line: '\x1b[1m\x9b' }), '{"line":"\\u001b[1m\\u009b"}');
});
