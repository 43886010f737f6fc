import { describe, expect, it } from 'vitest';
import { generateMap } from '../../bench/generate-map';
import { onlyMoved } from '../../src/canvas/findings/onlyMoved';
import { shownAnalysis } from '../../src/canvas/shownState';
import type { StallMap } from '../../src/core/model';

/** A drag is not analysed again: that is only right if no finding depends on where a step is. */
const moved = (map: StallMap, dx: number): StallMap => ({ ...map, steps: map.steps.map((s, i) => ({ ...s, position: { x: i * 7 + dx, y: dx } })) });

describe('a change that only moves steps', () => {
  const map = generateMap(120, 4);
  const withRedesign: StallMap = { ...map, redesign: { steps: map.steps.slice(0, 30), joins: [] } };

  it('leaves every finding and figure as it was, in both states', () => {
    for (const view of ['now', 'redesign'] as const) {
      const still = moved(withRedesign, 0);
      const dragged = { ...moved(withRedesign, 500), redesign: { steps: moved({ ...map, steps: map.steps.slice(0, 30) }, 900).steps, joins: [] } };
      expect(shownAnalysis(dragged, view)).toEqual(shownAnalysis(still, view));
    }
  });

  it('is told apart from any change the analysis reads', () => {
    const before = moved(withRedesign, 0);
    expect(onlyMoved(before, moved(before, 40))).toBe(true);
    expect(onlyMoved(before, { ...before, redesign: { ...before.redesign!, steps: moved({ ...map, steps: before.redesign!.steps }, 5).steps } })).toBe(true);
    const renamed = { ...before, steps: before.steps.map((s, i) => (i === 3 ? { ...s, label: 'Other', position: { x: 1, y: 1 } } : s)) };
    expect(onlyMoved(before, renamed)).toBe(false);
    expect(onlyMoved(before, { ...before, joins: before.joins.slice(1) })).toBe(false);
    expect(onlyMoved(before, { ...before, steps: before.steps.slice(1) })).toBe(false);
    expect(onlyMoved(before, { ...before, volumePerWeek: 12 })).toBe(false);
    expect(onlyMoved(before, { ...before, redesign: { ...before.redesign!, notes: 'n' } })).toBe(false);
    expect(onlyMoved(before, { ...before, redesign: { ...before.redesign!, steps: before.redesign!.steps.map((s, i) => (i ? s : { ...s, owner: 'Ana' })) } })).toBe(false);
    expect(onlyMoved(before, { ...before, redesign: undefined })).toBe(false);
  });
});
