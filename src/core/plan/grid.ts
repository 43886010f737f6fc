import type { Position } from '../model';

const COLUMN = 240;
const ROW = 140;

/**
 * Positions for an imported map, so it opens readable before anyone runs the layout: each step
 * one column after the furthest step that leads into it (Kahn's order; a step waiting only on
 * a loop is placed next, in map order), steps of a column stacked in map order. Vertical
 * flowcharts (TD, TB, BT) get rows instead of columns.
 */
export function gridPositions(count: number, edges: readonly (readonly [number, number])[], vertical: boolean): Position[] {
  const incoming = new Int32Array(count);
  const out: number[][] = Array.from({ length: count }, () => []);
  for (const [from, to] of edges) {
    if (from === to) continue;
    out[from].push(to);
    incoming[to] += 1;
  }
  const depth = new Int32Array(count);
  const placed = new Uint8Array(count);
  const queue: number[] = [];
  let head = 0;
  for (let i = 0; i < count; i++) if (incoming[i] === 0) queue.push(i);
  for (let done = 0, unplaced = 0; done < count; ) {
    if (head === queue.length) {
      // A loop: break it at its first unplaced step.
      while (placed[unplaced]) unplaced += 1;
      queue.push(unplaced);
    }
    const v = queue[head++];
    if (placed[v]) continue;
    placed[v] = 1;
    done += 1;
    for (const w of out[v]) {
      if (placed[w]) continue;
      depth[w] = Math.max(depth[w], depth[v] + 1);
      incoming[w] -= 1;
      if (incoming[w] === 0) queue.push(w);
    }
  }
  const rows = new Map<number, number>();
  return Array.from(depth, (d) => {
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    return vertical ? { x: row * COLUMN, y: d * ROW } : { x: d * COLUMN, y: row * ROW };
  });
}
