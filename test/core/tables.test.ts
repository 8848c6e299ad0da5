// Tables cut long cells visibly, never mid-word without a mark.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clipped, deploymentsTable } from '../../src/core/tables.js';

test('a long deployment error is cut with … to 80 characters; short ones are whole', () => {
  assert.equal(clipped('short', 80), 'short');
  assert.equal(clipped('x'.repeat(80), 80), 'x'.repeat(80));
  assert.equal(clipped('x'.repeat(81), 80), `${'x'.repeat(79)}…`);
  const error = `web-d3-1 did not become healthy: waited 30000 ms for GET http://10.0.0.7:8080/healthz to answer`;
  const table = deploymentsTable([
    { id: 3, releaseId: 'r3', trigger: 'push', actor: 'ci', status: 'failed', error },
  ]);
  assert.ok(table.includes(`${error.slice(0, 79)}…`), table);
});
