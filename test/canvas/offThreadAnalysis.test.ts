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

  it('started ahead of a large map, warms its worker up and then gives it the map, starting no other', () => {
    const posted: unknown[] = [];
    let workers = 0;
    const worker = { addEventListener() {}, postMessage: (message: unknown) => posted.push(message), terminate() {} } as unknown as Worker;
    const live = new OffThreadAnalysis(
      () => {},
      () => {
        workers++;
        return worker;
      },
    );
    live.prepare();
    live.prepare();
    expect(workers).toBe(1);
    expect(posted).toEqual([{ warmUp: true }]);
    live.update(generateMap(WORKER_MIN_STEPS + 50, 4), 'now');
    return expect.poll(() => posted.length).toBe(2).then(() => {
      expect(workers).toBe(1);
      expect(posted[1]).toMatchObject({ id: 1, view: 'now' });
      live.close();
    });
  });

  it('when a worker started ahead fails to load before the map comes, analyses the map on the main thread', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const listeners = new Map<string, (event: unknown) => void>();
    const worker = {
      addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(type, listener),
      postMessage() {},
      terminate() {},
    } as unknown as Worker;
    const shown: ShownAnalysis[] = [];
    const live = new OffThreadAnalysis(
      (result) => shown.push(result),
      () => worker,
    );
    live.prepare();
    // As a blocked script does: the worker says so before anything waits on it.
    listeners.get('error')?.({ message: '', preventDefault() {} });
    const map = generateMap(WORKER_MIN_STEPS + 50, 3);
    live.update(map, 'now');
    await expect.poll(() => shown.length).toBe(1);
    expect(shown[0]).toEqual(shownAnalysis(map, 'now'));
    expect(warn).toHaveBeenCalledTimes(1);
    live.close();
  });

  it('once closed, starts no worker when asked to prepare', () => {
    let workers = 0;
    const live = new OffThreadAnalysis(
      () => {},
      () => {
        workers++;
        throw new Error('not expected');
      },
    );
    live.close();
    live.prepare();
    expect(workers).toBe(0);
  });
});
