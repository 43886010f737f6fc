import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateMap } from '../../bench/generate-map';
import { ListReceiver, SameContentSender, SameObjectSender } from '../../src/canvas/findings/analysisWire';
import { OffThreadAnalysis, WORKER_MIN_STEPS } from '../../src/canvas/findings/offThreadAnalysis';
import { shownAnalysis, type ShownAnalysis } from '../../src/canvas/shownState';
import type { StallMap } from '../../src/core/model';

/**
 * The map goes to the analysis worker, and its findings come back, as diffs of what was sent
 * before. Whatever the edits, what the page shows must be what analysing the map on the spot
 * gives, and a finding that did not change keeps its object (its row is not redrawn).
 */

type Listener = (event: { data: unknown }) => void;

/** The real worker script, run in this process behind a Worker's interface; messages cross as structured clones, as in a browser. */
function inProcessWorker(): Worker {
  const fromPage: Listener[] = [];
  const toPage: Listener[] = [];
  const scope = globalThis as unknown as { self?: { onmessage?: Listener; postMessage?: (data: unknown) => void } };
  const worker = {
    addEventListener: (type: string, listener: Listener) => type === 'message' && toPage.push(listener),
    postMessage: (data: unknown) =>
      queueMicrotask(() => {
        for (const listener of fromPage) listener({ data: structuredClone(data) });
      }),
    terminate: () => {},
  };
  const self = scope.self as { onmessage: Listener };
  fromPage.push((event) => self.onmessage(event));
  (scope.self as { postMessage: (data: unknown) => void }).postMessage = (data) =>
    queueMicrotask(() => {
      for (const listener of toPage) listener({ data: structuredClone(data) });
    });
  return worker as unknown as Worker;
}

// A worker of its own for each test, as each page starts one: its senders start afresh with the page's receivers.
beforeEach(async () => {
  vi.resetModules();
  (globalThis as unknown as { self: object }).self = {};
  await import('../../src/canvas/findings/analysis.worker');
});
afterAll(() => {
  delete (globalThis as unknown as { self?: object }).self;
});

const edit = (map: StallMap, i: number, fields: object): StallMap => ({ ...map, steps: map.steps.map((s, k) => (k === i ? { ...s, ...fields } : s)) });

describe('lists sent as diffs', () => {
  it('rebuilds each list as sent, with unchanged items as the objects received before', () => {
    const sender = new SameContentSender<{ id: string; n: number }>();
    const receiver = new ListReceiver<{ id: string; n: number }>();
    const lists = [
      [{ id: 'a', n: 1 }, { id: 'b', n: 2 }],
      [{ id: 'b', n: 2 }, { id: 'a', n: 1 }, { id: 'c', n: 3 }],
      [{ id: 'b', n: 5 }, { id: 'c', n: 3 }],
      [],
      [{ id: 'c', n: 3 }],
    ];
    let before: { id: string; n: number }[] = [];
    for (const list of lists) {
      const got = receiver.decode(structuredClone(sender.encode(list)));
      expect(got).toEqual(list);
      for (const item of got) {
        const was = before.find((b) => JSON.stringify(b) === JSON.stringify(item));
        if (was) expect(item).toBe(was);
      }
      before = got;
    }
  });

  it('sends the same objects as their index, and only new ones as data', () => {
    const sender = new SameObjectSender<{ id: string }>();
    const a = { id: 'a' };
    const b = { id: 'b' };
    expect(sender.encode([a, b])).toEqual([a, b]);
    expect(sender.encode([b, { id: 'a' }])).toEqual([1, { id: 'a' }]);
  });
});

describe('the analysis in a worker, its lists as diffs', () => {
  it('shows what analysing on the spot shows, edit after edit, and keeps the findings that did not change', async () => {
    const shown: ShownAnalysis[] = [];
    const live = new OffThreadAnalysis((result) => shown.push(result), inProcessWorker);
    let map = generateMap(WORKER_MIN_STEPS + 20, 5);
    const maps: StallMap[] = [map];
    map = edit(map, 3, { label: 'Renamed' });
    maps.push(map);
    map = edit(map, 7, { owner: undefined, workMinutes: undefined });
    maps.push(map);
    map = { ...map, steps: map.steps.slice(0, -1), joins: map.joins.filter((j) => j.to !== map.steps.at(-1)?.id && j.from !== map.steps.at(-1)?.id) };
    maps.push(map);
    map = { ...map, redesign: { steps: map.steps.slice(0, 40), joins: [] } };
    maps.push(map);
    for (const [i, next] of maps.entries()) {
      live.update(next, 'now');
      await expect.poll(() => shown.length).toBe(i + 1);
      expect(shown[i]).toEqual(shownAnalysis(next, 'now'));
    }
    live.update(map, 'redesign');
    await expect.poll(() => shown.length).toBe(maps.length + 1);
    expect(shown.at(-1)).toEqual(shownAnalysis(map, 'redesign'));
    // A rename changes few findings: every other one is the object shown before.
    const [first, second] = shown;
    const kept = second.analysis.findings.filter((f) => first.analysis.findings.includes(f)).length;
    expect(kept).toBeGreaterThan(second.analysis.findings.length * 0.9);
    expect(second.nowFindings).toBe(second.analysis.findings);
    live.close();
  });

  it('sends a redesign’s findings as a diff too, in every view, and keeps those an edit did not change', async () => {
    const shown: ShownAnalysis[] = [];
    const live = new OffThreadAnalysis((result) => shown.push(result), inProcessWorker);
    const today = generateMap(WORKER_MIN_STEPS + 20, 6);
    let map: StallMap = { ...today, redesign: { steps: today.steps.map((s, i) => (i % 5 ? s : { ...s, owner: undefined })), joins: today.joins.slice(1) } };
    const redesignEdit = (at: number, fields: object): StallMap => ({
      ...map,
      redesign: { steps: map.redesign?.steps.map((s, k) => (k === at ? { ...s, ...fields } : s)) ?? [], joins: map.redesign?.joins ?? [] },
    });
    const views = ['now', 'compare', 'redesign', 'redesign', 'now', 'compare'] as const;
    for (const [i, view] of views.entries()) {
      if (i > 0) map = i % 2 ? redesignEdit(i * 3, { label: `Renamed ${i}` }) : edit(map, i * 3, { label: `Renamed ${i}` });
      live.update(map, view);
      await expect.poll(() => shown.length).toBe(i + 1);
      expect(shown[i]).toEqual(shownAnalysis(map, view));
      if (view === 'redesign') expect(shown[i].analysis.redesign?.findings).toBe(shown[i].analysis.findings);
    }
    // Two answers in the same view, one edit apart: the redesign's findings that did not change are the objects shown before.
    const [before, after] = shown.slice(-2).map((s) => s.analysis.redesign?.findings ?? []);
    expect(after.filter((f) => before.includes(f)).length).toBeGreaterThan(after.length * 0.9);
    live.close();
  });
});
