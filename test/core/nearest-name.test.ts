// "Did you mean": the nearest known name, only when it is near enough to be a typo.
import assert from 'node:assert/strict';
import test from 'node:test';
import { editDistance, nearestName } from '../../src/core/nearest-name.js';

test('a typo finds the name it was meant to be; something else finds none', () => {
  const known = ['web', 'api', 'worker', 'billing-api'];
  assert.equal(nearestName('wbe', known), 'web', 'two letters swapped count once');
  assert.equal(nearestName('webb', known), 'web');
  assert.equal(nearestName('wroker', known), 'worker');
  assert.equal(nearestName('biling-api', known), 'billing-api');
  assert.equal(nearestName('nosuch', known), null);
  assert.equal(nearestName('db', known), null, 'a short name needs a close match');
  assert.equal(nearestName('web', known), null, 'the name itself is no suggestion');
  assert.equal(nearestName('anything', []), null);
});

test('the distance stops early and stays bounded on long names', () => {
  assert.equal(editDistance('kitten', 'sitting', 5), 3);
  assert.equal(editDistance('abc', 'acb', 2), 1);
  assert.equal(editDistance('a'.repeat(10), 'b'.repeat(10), 2), 3, 'max + 1 once it is beyond');
  const long = 'x'.repeat(100_000);
  assert.equal(nearestName(long, [`${long}y`]), `${long}y`, 'compared by their first characters');
});
