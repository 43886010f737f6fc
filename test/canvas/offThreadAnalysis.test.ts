import { afterEach, describe, expect, it, vi } from 'vitest';
import { OffThreadAnalysis, WORKER_MIN_STEPS } from '../../src/canvas/findings/offThreadAnalysis';
import type { ShownAnalysis } from '../../src/canvas/shownState';
import { shownAnalysis } from '../../src/canvas/shownState';
import { generateMap } from '../../bench/generate-map';
import { loadFixture } from '../fixtures/load';

afterEach(() => vi.restoreAllMocks());

describe('the live analysis, on the spot or in a worker', () => {
  it('analyses a small map on the spot, without starting a worker', () => {
    const shown: ShownAnalysis[] = [];
    let workers = 0;
    const live = new OffThreadAnalysis(
      (result) => shown.push(result),
      () => {
        workers++;
        throw new Error('not expected');
      },
    );
    const map = loadFixture('contract-review');
    live.update(map, 'now');
    expect(shown).toEqual([shownAnalysis(map, 'now')]);
    expect(workers).toBe(0);
    live.close();
  });

  it('when the worker cannot start, analyses a large map on the main thread and says so once', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const shown: ShownAnalysis[] = [];
    let workers = 0;
    const live = new OffThreadAnalysis(
      (result) => shown.push(result),
      () => {
        workers++;
        throw new Error('workers are blocked here');
      },
    );
    const map = generateMap(WORKER_MIN_STEPS + 50, 3);
    live.update(map, 'now');
    await expect.poll(() => shown.length).toBe(1);
    expect(shown[0]).toEqual(shownAnalysis(map, 'now'));
    // The next map goes straight to the main thread: no second attempt, no second warning.
    const next = { ...map, steps: map.steps.map((s, i) => (i === 1 ? { ...s, owner: undefined } : s)) };
    live.update(next, 'now');
    expect(shown).toHaveLength(2);
    expect(shown[1]).toEqual(shownAnalysis(next, 'now'));
    expect(workers).toBe(1);
    expect(warn).toHaveBeenCalledTimes(1);
    live.close();
  });
});
