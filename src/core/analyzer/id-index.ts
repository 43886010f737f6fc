/**
 * Ids to their indices, read as a ReadonlyMap: what the graph's stepIndex and joinIndex are.
 *
 * Why not one Map: past 4,096 entries a Map's table no longer fits the engine's ordinary heap
 * pages, and each time it doubles the new table is allocated as a large object, which costs more
 * than every insert together (measured in Node 20: about 40 ns an insert up to 4,096 entries,
 * 300 to 450 ns past it; two such maps took 3 to 4 ms of a 5,000-step analysis). So a large index
 * is split into maps of about 2,000 entries each, chosen by a hash of the id's last characters.
 * A small index is one Map. Reads, sizes and iteration (in insertion order) behave as a Map's.
 */

/** Entries per part, at most about: well below the 4,096 where a Map's table outgrows the ordinary heap. */
const PART_SIZE = 2048;

export class IdIndex implements ReadonlyMap<string, number> {
  private readonly parts: Map<string, number>[];
  private readonly mask: number;
  /** Each distinct id once, in the order first set (a Map's iteration order). */
  private readonly order: string[] = [];

  /** `ids[i]` maps to i; a repeated id maps to its last index, as repeated `set`s on a Map would. */
  constructor(ids: readonly string[]) {
    let count = 1;
    while (count * PART_SIZE < ids.length) count *= 2;
    this.mask = count - 1;
    this.parts = Array.from({ length: count }, () => new Map<string, number>());
    for (let i = 0; i < ids.length; i++) {
      const part = this.partOf(ids[i]);
      if (!part.has(ids[i])) this.order.push(ids[i]);
      part.set(ids[i], i);
    }
  }

  private partOf(id: string): Map<string, number> {
    // A key that is not a string (a finding with no target) is in no part: the first says so.
    return this.mask === 0 || typeof id !== 'string' ? this.parts[0] : this.parts[spread(id) & this.mask];
  }

  get(id: string): number | undefined {
    return this.partOf(id).get(id);
  }

  has(id: string): boolean {
    return this.partOf(id).has(id);
  }

  get size(): number {
    return this.order.length;
  }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    for (const id of this.order) callback.call(thisArg, this.get(id) as number, id, this);
  }

  *entries(): MapIterator<[string, number]> {
    for (const id of this.order) yield [id, this.get(id) as number];
  }

  keys(): MapIterator<string> {
    return this.order.values();
  }

  *values(): MapIterator<number> {
    for (const id of this.order) yield this.get(id) as number;
  }

  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.entries();
  }
}

/** A hash of an id's length and last three characters: ids differ at their end (counters, random suffixes). */
function spread(id: string): number {
  const n = id.length;
  // charCodeAt past either end is NaN, which `| 0` turns into 0.
  let h = n ^ Math.imul(id.charCodeAt(n - 1) | 0, 0x9e3779b1) ^ Math.imul(id.charCodeAt(n - 2) | 0, 0x85ebca77) ^ Math.imul(id.charCodeAt(n - 3) | 0, 0xc2b2ae3d);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 16;
}
