import { expect, it } from 'vitest';
import { jsonDepth } from '../../server/http/json-depth';
import { valueDepth } from '../../server/sync/value-depth';

it('measures nesting outside strings, escapes included', () => {
  expect(jsonDepth('1')).toBe(0);
  expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
  expect(jsonDepth('["[[[[", "\\"[[[["]')).toBe(1);
  expect(jsonDepth('['.repeat(5000) + ']'.repeat(5000))).toBe(5000);
});

it('measures the nesting of a value the same way, without recursion', () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i += 1) deep = [deep];
  expect(valueDepth(deep)).toBe(100_000);
  expect(valueDepth(deep, 32)).toBe(33);
  expect(valueDepth({ a: [1, { b: [] }], c: new Uint8Array(3) })).toBe(4);
  expect(valueDepth('text')).toBe(0);
});
