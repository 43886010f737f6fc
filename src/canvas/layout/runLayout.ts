import type { LayoutSizes, Size } from '../../core/layout/elk';
import type { Position, StallMap } from '../../core/model';
import type { LayoutRequest } from './layout.worker';

let worker: Worker | null = null;
let nextId = 0;

/**
 * Asks the layout worker for positions; one worker for the page, started on first use. `sizes`:
 * the steps' measured sizes. The join labels on the canvas are measured here too, so the layout
 * leaves each of them the room it really takes (a label off screen is estimated by the layout).
 */
export function runLayout(map: Pick<StallMap, 'steps' | 'joins'>, sizes: Record<string, Size>): Promise<Record<string, Position>> {
  worker ??= new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  const id = ++nextId;
  const active = worker;
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent<{ id: number; positions?: Record<string, Position>; error?: string }>) => {
      if (event.data.id !== id) return;
      active.removeEventListener('message', onMessage);
      if (event.data.positions) resolve(event.data.positions);
      else reject(new Error(event.data.error ?? 'layout failed'));
    };
    active.addEventListener('message', onMessage);
    // Only what ELK needs crosses to the worker: ids, joins and sizes, not labels or notes.
    const slim: LayoutRequest['map'] = {
      steps: map.steps.map((s) => ({ id: s.id, kind: s.kind, label: '-' })),
      joins: map.joins.map((j) => ({ id: j.id, from: j.from, to: j.to, handoff: j.handoff, label: j.label, waitMinutes: j.waitMinutes })),
    };
    active.postMessage({ id, map: slim, sizes: { steps: sizes, labels: measuredLabels() } satisfies LayoutSizes } satisfies LayoutRequest);
  });
}

/** Join labels as drawn, in flow units (offset sizes ignore the zoom). */
function measuredLabels(): Record<string, Size> {
  const labels: Record<string, Size> = {};
  for (const el of document.querySelectorAll<HTMLElement>('.join-label[data-join-id]')) {
    const id = el.dataset.joinId;
    if (id && el.offsetWidth) labels[id] = { width: el.offsetWidth, height: el.offsetHeight };
  }
  return labels;
}
