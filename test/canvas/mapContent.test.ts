import { describe, expect, it } from 'vitest';
import { generateMap } from '../../bench/generate-map';
import { contentOf } from '../../src/canvas/useMapContent';
import type { StallMap, Step } from '../../src/core/model';

/** One step changed as the doc mirror changes it: a new steps array, every other step the same object. */
const withStep = (map: StallMap, index: number, change: Partial<Step>): StallMap => ({
  ...map,
  steps: map.steps.map((step, i) => (i === index ? { ...step, ...change } : step)),
});

describe('the map the panels read', () => {
  it('stays the same object through a drag, and is the new map once anything else changes', () => {
    const opened = generateMap(200, 3);
    expect(contentOf(opened)).toBe(opened);
    // A drag: a position written on every frame, one step at a time.
    let dragged = opened;
    for (let frame = 1; frame <= 30; frame++) dragged = withStep(dragged, 5, { position: { x: frame * 4, y: frame } });
    // Another step dragged after it.
    dragged = withStep(dragged, 9, { position: { x: -40, y: 12 } });
    expect(contentOf(dragged)).toBe(opened);

    // A rename is content: the panels get the map as it is now, positions and all.
    const renamed = withStep(dragged, 5, { label: 'Checked by hand' });
    expect(contentOf(renamed)).toBe(renamed);
    expect(contentOf(renamed).steps[5]?.position).toEqual({ x: 120, y: 30 });
    // And the drags after it keep that map.
    expect(contentOf(withStep(renamed, 5, { position: { x: 0, y: 0 } }))).toBe(renamed);
    // A join removed, or a setting changed, is content too.
    const unjoined = { ...renamed, joins: renamed.joins.slice(1) };
    expect(contentOf(unjoined)).toBe(unjoined);
    const slower = { ...unjoined, volumePerWeek: 7 };
    expect(contentOf(slower)).toBe(slower);
  });
});
