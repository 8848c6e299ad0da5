// Which images a build reads: FROM with global ARG defaults, COPY --from, stages left out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageReferences } from '../../src/parse/image-references.js';
import { readInstructions } from '../../src/parse/instructions.js';

const refs = (text: string) =>
  imageReferences(readInstructions(text)).map((r) => (r.unresolved ? `?${r.written}` : r.ref));

test('instructions: continuations, comments inside them, and the escape directive', () => {
  const text = '# escape=`\nFROM a AS b\nRUN echo `\n# dropped\n  two\nCOPY x y';
  assert.deepEqual(
    readInstructions(text).map((i) => [i.keyword, i.args, i.line]),
    [
      ['FROM', 'a AS b', 2],
      ['RUN', 'echo    two', 3],
      ['COPY', 'x y', 6],
    ],
  );
  assert.deepEqual(
    readInstructions('from \\\n  web:1\n').map((i) => i.args),
    ['web:1'],
  );
});

test('image references: stages, indexes and scratch are not images; variables are expanded', () => {
  assert.deepEqual(
    refs(
      [
        'ARG BASE=busybox:1 TAG="2"',
        'ARG EMPTY',
        'FROM --platform=linux/amd64 $BASE AS build',
        'FROM build',
        'FROM ${EMPTY:-debian}:${TAG} AS second',
        'COPY --from=build /a /a',
        'COPY --from=0 /a /a',
        'COPY --from=1 /a /a',
        'COPY --from=secret:7 /a /a',
        'ONBUILD COPY --from=other:1 / /',
        'FROM scratch',
        'COPY --from=5 /a /a',
      ].join('\n'),
    ),
    ['busybox:1', 'debian:2', 'secret:7', 'other:1', '5'],
  );
  assert.deepEqual(refs('FROM $NOPE\nFROM ${X:+y}z\nCOPY --from=$A / /'), [
    '?$NOPE',
    '?${X:+y}z',
    '?$A',
  ]);
  assert.deepEqual(refs('ARG B\nFROM $B'), ['?$B'], 'an ARG without a value names no image');
});
