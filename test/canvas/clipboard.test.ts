import { describe, expect, it } from 'vitest';
import { mapFileJson, parseMapJson } from '../../src/core/model';
import { clipboardMap } from '../../src/canvas/clipboard';
import { loadFixture } from '../fixtures/load';

/** What Copy puts on the clipboard must paste back: a valid map of the chosen steps, whatever they refer to. */
describe('clipboardMap', () => {
  const map = loadFixture('contract-review');

  it('copies a check alone without the step it verifies, as a map any page can paste', () => {
    expect(map.steps.find((s) => s.id === 'chk')?.verifies).toEqual(['sum']);
    const copied = clipboardMap(map, ['chk']);
    const parsed = parseMapJson(mapFileJson(copied as NonNullable<typeof copied>));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.map.steps).toMatchObject([{ id: 'chk', kind: 'verification' }]);
    if (parsed.ok) expect(parsed.map.steps[0].verifies).toBeUndefined();
  });

  it('keeps what a check verifies when that step is copied with it, and the join between them', () => {
    const copied = clipboardMap(map, ['sum', 'chk']);
    expect(copied?.steps.find((s) => s.id === 'chk')?.verifies).toEqual(['sum']);
    expect(copied?.joins.map((j) => [j.from, j.to])).toEqual([['sum', 'chk']]);
    expect(parseMapJson(mapFileJson(copied as NonNullable<typeof copied>)).ok).toBe(true);
  });
});
