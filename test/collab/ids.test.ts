import { describe, expect, it } from 'vitest';
import { joinIdFor, newId } from '../../src/collab/ids';

/** A random source that hands out the given bytes, in order, then zeros. */
const fixed = (values: number[]) => {
  const queue = [...values];
  return (bytes: Uint8Array) => bytes.map(() => queue.shift() ?? 0);
};

describe('new ids', () => {
  it('draws again for bytes past the last whole round of the alphabet, so no letter is favoured', () => {
    // 33 letters: bytes 231 to 255 would map to the first 25 letters a second time; they are skipped.
    expect(newId('s', undefined, fixed([255, 231, 0, 1, 2, 3, 4, 5, 6, 7]))).toBe('s-abcdefgh');
    const counts = new Map<string, number>();
    for (let byte = 0; byte < 256; byte++) {
      const letter = newId('x', undefined, fixed([byte, ...Array(7).fill(0)])).slice(2, 3);
      if (byte < 231) counts.set(letter, (counts.get(letter) ?? 0) + 1);
    }
    expect(new Set(counts.values())).toEqual(new Set([7]));
  });

  it('gives eight letters and skips ids already taken', () => {
    const id = newId('ai', (candidate) => candidate === 'ai-aaaaaaaa', fixed([...Array(8).fill(0), 1, 1, 1, 1, 1, 1, 1, 1]));
    expect(id).toBe('ai-bbbbbbbb');
    expect(newId('j')).toMatch(/^j-[a-z2-9]{8}$/);
  });

  it('names a join by its two steps, in its direction, as a valid id of eight letters', () => {
    expect(joinIdFor('in', 'sum')).toBe(joinIdFor('in', 'sum'));
    expect(joinIdFor('in', 'sum')).not.toBe(joinIdFor('sum', 'in'));
    expect(joinIdFor('a'.repeat(64), 'b'.repeat(64))).toMatch(/^j-[a-z2-9]{8}$/);
  });
});
