import { describe, expect, it } from 'vitest';
import { IdIndex } from '../../../src/core/analyzer/id-index';

/** The graph's id indices read as the Map they replace: split into parts on large maps, the same answers. */
describe('IdIndex', () => {
  /** A Map built the way the index is: `ids[i]` set to i, in order. */
  const asMap = (ids: readonly string[]) => {
    const map = new Map<string, number>();
    ids.forEach((id, i) => {
      map.set(id, i);
    });
    return map;
  };

  const shapes: Record<string, string[]> = {
    // sizes below, at and well past one part, ids that differ only at their start, random-looking ones, and repeats
    small: ['a', 'b', 'c'],
    counters: Array.from({ length: 9_000 }, (_, i) => `s${i}`),
    'same ending': Array.from({ length: 5_000 }, (_, i) => `${i}-step`),
    random: Array.from({ length: 20_000 }, (_, i) => ((i * 2_654_435_761) >>> 0).toString(36)),
    repeats: Array.from({ length: 6_000 }, (_, i) => `j${i % 2_500}`),
    'short and empty': ['', 'x', 'xy', 'é', '→', ...Array.from({ length: 5_000 }, (_, i) => String.fromCharCode(40 + (i % 80)) + String(i))],
  };

  for (const [name, ids] of Object.entries(shapes)) {
    it(`answers as a Map does: ${name}`, () => {
      const index = new IdIndex(ids);
      const map = asMap(ids);
      expect(index.size).toBe(map.size);
      for (const id of ids) {
        expect(index.get(id)).toBe(map.get(id));
        expect(index.has(id)).toBe(true);
      }
      for (const missing of ['missing', 'S1', `${ids[0]}!`]) {
        expect(index.get(missing)).toBe(map.get(missing));
        expect(index.has(missing)).toBe(map.has(missing));
      }
      expect([...index]).toEqual([...map]);
      expect([...index.keys()]).toEqual([...map.keys()]);
      expect([...index.values()]).toEqual([...map.values()]);
      expect([...index.entries()]).toEqual([...map.entries()]);
      const visited: [string, number][] = [];
      index.forEach((value, key) => {
        visited.push([key, value]);
      });
      expect(visited).toEqual([...map]);
    });
  }

  it('finds nothing for a key that is not a string (a finding without targets)', () => {
    const index = new IdIndex(shapes.counters);
    expect(index.get(undefined as unknown as string)).toBeUndefined();
    expect(index.has(undefined as unknown as string)).toBe(false);
  });
});
