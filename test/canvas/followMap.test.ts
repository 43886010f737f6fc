import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { followMap, SETTLE_MS } from '../../src/canvas/findings/followMap';
import type { StallMap } from '../../src/core/model';
import { createStore } from '../../src/store';
import { generateMap } from '../../bench/generate-map';

const microtasks = () => Promise.resolve();
const relabelled = (map: StallMap, label: string): StallMap => ({ ...map, steps: map.steps.map((s, i) => (i === 1 ? { ...s, label } : s)) });

describe('which maps the live analysis analyses, and when', () => {
  let store: ReturnType<typeof createStore>;
  let analysed: StallMap[];
  let stop: () => void;
  const map = generateMap(40, 5);

  beforeEach(() => {
    vi.useFakeTimers();
    store = createStore();
    analysed = [];
    stop = followMap(store, (m) => analysed.push(m));
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  it('analyses the first map with steps as soon as it is read, without waiting for a pause', async () => {
    store.getState().setMirror(map, [], false);
    await microtasks();
    expect(analysed).toEqual([map]);
  });

  it('analyses a burst of later changes once, after it pauses', async () => {
    store.getState().setMirror(map, [], true);
    await microtasks();
    const typed = ['R', 'Re', 'Rev'].map((label) => relabelled(map, label));
    for (const next of typed) {
      store.getState().setMirror(next, [], true);
      vi.advanceTimersByTime(SETTLE_MS - 10);
    }
    expect(analysed).toEqual([map]);
    vi.advanceTimersByTime(10);
    expect(analysed).toEqual([map, typed[2]]);
  });

  it('is neither started nor put off by store changes that leave the map as it was', async () => {
    store.getState().setMirror(map, [], true);
    await microtasks();
    const next = relabelled(map, 'Review');
    store.getState().setMirror(next, [], true);
    vi.advanceTimersByTime(SETTLE_MS / 2);
    store.getState().setSession({ notice: 'someone joined', unsynced: 1 });
    store.getState().setSession({ canUndo: true });
    vi.advanceTimersByTime(SETTLE_MS / 2);
    expect(analysed).toEqual([map, next]);
  });

  it('analyses again for the redesign view, and not for the compare view, whose analysis is the canvas’s', async () => {
    store.getState().setMirror(map, [], true);
    await microtasks();
    store.getState().setView('compare');
    vi.advanceTimersByTime(SETTLE_MS);
    expect(analysed).toEqual([map]);
    store.getState().setView('redesign');
    vi.advanceTimersByTime(SETTLE_MS);
    expect(analysed).toEqual([map, map]);
    store.getState().setView('compare');
    vi.advanceTimersByTime(SETTLE_MS);
    expect(analysed).toEqual([map, map, map]);
  });

  it('does not analyse again a change that only moved steps', async () => {
    store.getState().setMirror(map, [], true);
    await microtasks();
    store.getState().setMirror({ ...map, steps: map.steps.map((s, i) => (i === 2 ? { ...s, position: { x: 900, y: 900 } } : s)) }, [], true);
    vi.advanceTimersByTime(SETTLE_MS * 3);
    expect(analysed).toEqual([map]);
  });

  it('judges an empty map only as read after the server answered, however long the read takes', async () => {
    const empty: StallMap = { ...map, steps: [], joins: [] };
    store.getState().setMirror(empty, [], false);
    // Connected, but the map the server sent is read a frame later, and a busy page's frame can come
    // long after: until it is read, the empty doc says nothing about the map.
    store.getState().setSession({ status: 'connected' });
    await microtasks();
    vi.advanceTimersByTime(SETTLE_MS * 10);
    expect(analysed).toEqual([]);
    store.getState().setMirror(map, [], true);
    await microtasks();
    expect(analysed).toEqual([map]);
    // A map the server says is empty is judged, after the pause.
    store.getState().setMirror(empty, [], true);
    vi.advanceTimersByTime(SETTLE_MS);
    expect(analysed).toEqual([map, empty]);
  });

  it('judges at once an empty map the server sent as it is', async () => {
    store.getState().setMirror({ ...map, steps: [], joins: [] }, [], true);
    await microtasks();
    expect(analysed).toHaveLength(1);
  });

  it('judges an empty map an offline page holds: no answer is coming', async () => {
    store.getState().setMirror({ ...map, steps: [], joins: [] }, [], false);
    await microtasks();
    expect(analysed).toEqual([]);
    store.getState().setSession({ status: 'offline' });
    await microtasks();
    expect(analysed).toHaveLength(1);
  });

  it('analyses nothing once stopped', async () => {
    store.getState().setMirror(map, [], true);
    stop();
    await microtasks();
    store.getState().setMirror(relabelled(map, 'Late'), [], true);
    vi.advanceTimersByTime(SETTLE_MS * 3);
    expect(analysed).toEqual([]);
  });
});
