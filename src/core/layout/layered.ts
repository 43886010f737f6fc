import type { Position, StallMap } from '../model';
import { DEFAULT_STEP_SIZE, estimateLabelSize, type LayoutSizes, SPACING } from './layout-sizes';

/**
 * Our own layered layout, left to right like ELK's, for maps ELK cannot take: at a few thousand
 * steps ELK's recursion runs past a browser worker's stack and nothing would move. Every phase is
 * a loop over flat arrays (no recursion anywhere), so it runs on any stack, in milliseconds.
 *
 * 1. Cycles: a depth-first walk with an explicit stack, from the start steps first, marks the
 *    joins that go back to a step still on the walk (rework loops); they count as reversed.
 * 2. Ranks: longest path over the remaining joins in Kahn's order, then each step nothing leads
 *    to (a side entry) moves up to just before the first step it leads to, so it does not sit at
 *    the far left with a line across the whole map.
 * 3. Order within a rank: barycentre sweeps down and up, ties broken by the map's order.
 * 4. Coordinates: x per rank, with a gap as wide as the widest join label given that gap; y by a
 *    few passes that pull each step level with its neighbours, keeping steps apart (isotonic
 *    regression, pool-adjacent-violators). Disconnected pieces are laid out one by one and packed
 *    in rows, largest first, as ELK packs separated components.
 */

/** The same spacings as ELK's in elk.ts (layout-sizes.ts), so both layouts look alike. */
const { betweenLayers: BETWEEN_LAYERS, betweenSteps: BETWEEN_STEPS, betweenPieces: BETWEEN_PIECES } = SPACING;
/** ELK's default padding around the whole layout. */
const PADDING = 12;
/** ELK's default width-to-height aspect ratio for packing pieces. */
const ASPECT_RATIO = 1.6;
const ORDER_SWEEPS = 4;
const PLACEMENT_PASSES = 4;

/** Adjacency in compressed rows: the items of `v` are items[start[v]..start[v + 1]). */
interface Rows {
  start: Int32Array;
  items: Int32Array;
}

function rows(count: number, keys: ArrayLike<number>, values: ArrayLike<number>): Rows {
  const start = new Int32Array(count + 1);
  for (let i = 0; i < keys.length; i++) start[keys[i] + 1]++;
  for (let v = 0; v < count; v++) start[v + 1] += start[v];
  const fill = start.slice(0, count);
  const items = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) items[fill[keys[i]]++] = values[i];
  return { start, items };
}

export function layeredLayout(map: Pick<StallMap, 'steps' | 'joins'>, sizes: LayoutSizes = {}): Record<string, Position> {
  // Steps by index, in the map's order (the first of a repeated id wins).
  const index = new Map<string, number>();
  const ids: string[] = [];
  const isStart: boolean[] = [];
  for (const step of map.steps) {
    if (index.has(step.id)) continue;
    index.set(step.id, ids.length);
    ids.push(step.id);
    isStart.push(step.kind === 'start');
  }
  const n = ids.length;
  const width = new Float64Array(n);
  const height = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const size = sizes.steps?.[ids[v]] ?? DEFAULT_STEP_SIZE;
    width[v] = size.width;
    height[v] = size.height;
  }

  // Joins between two different known steps; a join to itself takes no room between ranks.
  const from: number[] = [];
  const to: number[] = [];
  const labelWidth: number[] = [];
  for (const join of map.joins) {
    const a = index.get(join.from);
    const b = index.get(join.to);
    if (a === undefined || b === undefined || a === b) continue;
    from.push(a);
    to.push(b);
    labelWidth.push((sizes.labels?.[join.id] ?? estimateLabelSize(join)).width);
  }
  const m = from.length;
  const edges = Array.from({ length: m }, (_, e) => e);
  const out = rows(n, from, edges);
  const incoming = rows(n, to, edges);

  // 1. Cycles.
  const reversed = breakCycles(n, from, to, out, incoming, isStart);
  const source = edges.map((e) => (reversed[e] ? to[e] : from[e]));
  const target = edges.map((e) => (reversed[e] ? from[e] : to[e]));

  // 2. Ranks.
  const rank = rankSteps(n, source, target);

  // Every join both ways, for ordering and placement.
  const neighbours = rows(n, [...from, ...to], [...to, ...from]);

  // 3 and 4, piece by piece.
  const pieces = connectedPieces(n, from, to);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const layer = new Int32Array(n);
  const boxes = pieces.map((piece) => layoutPiece(piece, rank, layer, neighbours, out, to, labelWidth, width, height, x, y));

  // Pack the pieces in rows, about as wide as ELK's aspect ratio would make them.
  let area = 0;
  let widest = 0;
  for (const box of boxes) {
    area += (box.width + BETWEEN_PIECES) * (box.height + BETWEEN_PIECES);
    widest = Math.max(widest, box.width);
  }
  const rowLimit = Math.max(widest, Math.sqrt(area * ASPECT_RATIO));
  const positions: Record<string, Position> = {};
  let atX = 0;
  let atY = 0;
  let rowHeight = 0;
  for (const [p, piece] of pieces.entries()) {
    const box = boxes[p];
    if (atX > 0 && atX + box.width > rowLimit) {
      atX = 0;
      atY += rowHeight + BETWEEN_PIECES;
      rowHeight = 0;
    }
    for (const v of piece) positions[ids[v]] = { x: Math.round(PADDING + atX + x[v]), y: Math.round(PADDING + atY + y[v]) };
    atX += box.width + BETWEEN_PIECES;
    rowHeight = Math.max(rowHeight, box.height);
  }
  return positions;
}

/**
 * Depth-first from the start steps, then from steps nothing leads to, then from any step left, in
 * the map's order; a join to a step still on the walk closes a cycle and is marked reversed.
 */
function breakCycles(n: number, from: number[], to: number[], out: Rows, incoming: Rows, isStart: boolean[]): Uint8Array {
  const reversed = new Uint8Array(from.length);
  const state = new Uint8Array(n); // 0 unseen, 1 on the walk, 2 done
  const cursor = new Int32Array(n);
  const stack = new Int32Array(n);
  const walk = (root: number) => {
    if (state[root]) return;
    let top = 0;
    stack[top++] = root;
    state[root] = 1;
    cursor[root] = out.start[root];
    while (top > 0) {
      const u = stack[top - 1];
      if (cursor[u] < out.start[u + 1]) {
        const e = out.items[cursor[u]++];
        const v = to[e];
        if (state[v] === 1) reversed[e] = 1;
        else if (state[v] === 0) {
          state[v] = 1;
          cursor[v] = out.start[v];
          stack[top++] = v;
        }
      } else {
        state[u] = 2;
        top--;
      }
    }
  };
  for (let v = 0; v < n; v++) if (isStart[v]) walk(v);
  for (let v = 0; v < n; v++) if (incoming.start[v] === incoming.start[v + 1]) walk(v);
  for (let v = 0; v < n; v++) walk(v);
  return reversed;
}

/** Longest path from the sources in Kahn's order; then sources move up next to what they lead to. */
function rankSteps(n: number, source: number[], target: number[]): Int32Array {
  const edges = Array.from({ length: source.length }, (_, e) => e);
  const out = rows(n, source, edges);
  const waiting = new Int32Array(n);
  for (const t of target) waiting[t]++;
  const isSource = waiting.map((count) => (count === 0 ? 1 : 0));
  const order = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) if (waiting[v] === 0) order[tail++] = v;
  const rank = new Int32Array(n);
  for (let head = 0; head < tail; head++) {
    const u = order[head];
    for (let i = out.start[u]; i < out.start[u + 1]; i++) {
      const v = target[out.items[i]];
      rank[v] = Math.max(rank[v], rank[u] + 1);
      if (--waiting[v] === 0) order[tail++] = v;
    }
  }
  // Reversed back joins leave no cycle, so every step is in `order`; later steps are final first.
  for (let i = tail - 1; i >= 0; i--) {
    const u = order[i];
    if (!isSource[u] || out.start[u] === out.start[u + 1]) continue;
    let first = Number.POSITIVE_INFINITY;
    for (let k = out.start[u]; k < out.start[u + 1]; k++) first = Math.min(first, rank[target[out.items[k]]]);
    rank[u] = first - 1;
  }
  return rank;
}

/** Steps joined to each other, piece by piece: largest piece first, then by the map's order; steps in map order. */
function connectedPieces(n: number, from: number[], to: number[]): number[][] {
  const parent = Int32Array.from({ length: n }, (_, v) => v);
  const find = (v: number) => {
    let r = v;
    while (parent[r] !== r) {
      parent[r] = parent[parent[r]];
      r = parent[r];
    }
    return r;
  };
  for (let e = 0; e < from.length; e++) {
    const a = find(from[e]);
    const b = find(to[e]);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const byRoot = new Map<number, number[]>();
  for (let v = 0; v < n; v++) {
    const root = find(v);
    const piece = byRoot.get(root);
    if (piece) piece.push(v);
    else byRoot.set(root, [v]);
  }
  return [...byRoot.values()].sort((a, b) => b.length - a.length || a[0] - b[0]);
}

/** Orders and places one piece's steps, filling its layers, x and y (relative to the piece); returns its size. */
function layoutPiece(
  piece: number[],
  rank: Int32Array,
  layer: Int32Array,
  neighbours: Rows,
  out: Rows,
  to: number[],
  labelWidth: number[],
  width: Float64Array,
  height: Float64Array,
  x: Float64Array,
  y: Float64Array,
): { width: number; height: number } {
  // Layers: the piece's ranks, numbered from 0 without gaps; steps in the map's order.
  const used = [...new Set(piece.map((v) => rank[v]))].sort((a, b) => a - b);
  const layerOfRank = new Map(used.map((r, i) => [r, i]));
  const layers: number[][] = used.map(() => []);
  for (const v of piece) {
    layer[v] = layerOfRank.get(rank[v]) as number;
    layers[layer[v]].push(v);
  }
  const count = layers.length;

  // 3. Order: each step's place is its index centred on its layer, so layers of different
  // sizes compare as they will be drawn (each one centred).
  const place = x; // scratch until coordinates are set
  const setPlaces = (steps: number[]) => {
    for (const [i, v] of steps.entries()) place[v] = i - (steps.length - 1) / 2;
  };
  for (const steps of layers) setPlaces(steps);
  const barycentre = y; // scratch too
  const reorder = (l: number, before: boolean) => {
    const steps = layers[l];
    for (const v of steps) {
      let sum = 0;
      let seen = 0;
      for (let i = neighbours.start[v]; i < neighbours.start[v + 1]; i++) {
        const u = neighbours.items[i];
        if (before ? layer[u] < l : layer[u] > l) {
          sum += place[u];
          seen++;
        }
      }
      barycentre[v] = seen ? sum / seen : place[v];
    }
    steps.sort((a, b) => barycentre[a] - barycentre[b] || a - b);
    setPlaces(steps);
  };
  for (let sweep = 0; sweep < ORDER_SWEEPS; sweep++) {
    for (let l = 1; l < count; l++) reorder(l, true);
    for (let l = count - 2; l >= 0; l--) reorder(l, false);
  }

  // 4. x: each layer after the widest step of the one before, then room for the labels between.
  const layerWidth = new Float64Array(count);
  for (const v of piece) layerWidth[layer[v]] = Math.max(layerWidth[layer[v]], width[v]);
  // A label sits near its join's middle: a join spanning several layers gets the gap there.
  const gapLabel = new Float64Array(count);
  for (const v of piece) {
    for (let i = out.start[v]; i < out.start[v + 1]; i++) {
      const e = out.items[i];
      const lo = Math.min(layer[v], layer[to[e]]);
      const hi = Math.max(layer[v], layer[to[e]]);
      const gap = lo + Math.floor((hi - lo - 1) / 2);
      gapLabel[gap] = Math.max(gapLabel[gap], labelWidth[e]);
    }
  }
  const layerX = new Float64Array(count);
  for (let l = 1; l < count; l++) layerX[l] = layerX[l - 1] + layerWidth[l - 1] + BETWEEN_LAYERS + gapLabel[l - 1] + BETWEEN_LAYERS;

  // y: every layer centred on the tallest, then pulled level with its neighbours.
  const stackHeight = (steps: number[]) => steps.reduce((sum, v) => sum + height[v], 0) + BETWEEN_STEPS * (steps.length - 1);
  const tallest = layers.reduce((most, steps) => Math.max(most, stackHeight(steps)), 0);
  for (const steps of layers) {
    let at = (tallest - stackHeight(steps)) / 2;
    for (const v of steps) {
      y[v] = at;
      at += height[v] + BETWEEN_STEPS;
    }
  }
  const wanted = new Float64Array(layers.reduce((most, steps) => Math.max(most, steps.length), 0));
  const level = (l: number, before: boolean | null) => {
    const steps = layers[l];
    for (const [i, v] of steps.entries()) {
      let sum = 0;
      let seen = 0;
      for (let k = neighbours.start[v]; k < neighbours.start[v + 1]; k++) {
        const u = neighbours.items[k];
        if (before === null ? layer[u] !== l : before ? layer[u] < l : layer[u] > l) {
          sum += y[u] + height[u] / 2;
          seen++;
        }
      }
      wanted[i] = seen ? sum / seen - height[v] / 2 : y[v];
    }
    keepApart(steps, wanted, height, y);
  };
  for (let pass = 0; pass < PLACEMENT_PASSES; pass++) {
    for (let l = 1; l < count; l++) level(l, true);
    for (let l = count - 2; l >= 0; l--) level(l, false);
  }
  for (let l = 0; l < count; l++) level(l, null);

  let top = Number.POSITIVE_INFINITY;
  let bottom = 0;
  for (const v of piece) top = Math.min(top, y[v]);
  for (const v of piece) {
    x[v] = layerX[layer[v]];
    y[v] -= top;
    bottom = Math.max(bottom, y[v] + height[v]);
  }
  return { width: layerX[count - 1] + layerWidth[count - 1], height: bottom };
}

/**
 * The y closest to `wanted` (least squares) that keeps the layer's steps in their order with
 * BETWEEN_STEPS between them: shifted by the room the steps above take, that is a non-decreasing
 * fit, which pool-adjacent-violators finds in one pass.
 */
function keepApart(steps: number[], wanted: Float64Array, height: Float64Array, y: Float64Array): void {
  const k = steps.length;
  const offset = new Float64Array(k);
  for (let i = 1; i < k; i++) offset[i] = offset[i - 1] + height[steps[i - 1]] + BETWEEN_STEPS;
  const blockStart = new Int32Array(k);
  const blockSum = new Float64Array(k);
  const blockCount = new Int32Array(k);
  let blocks = 0;
  for (let i = 0; i < k; i++) {
    blockStart[blocks] = i;
    blockSum[blocks] = wanted[i] - offset[i];
    blockCount[blocks] = 1;
    blocks++;
    while (blocks > 1 && blockSum[blocks - 2] / blockCount[blocks - 2] > blockSum[blocks - 1] / blockCount[blocks - 1]) {
      blockSum[blocks - 2] += blockSum[blocks - 1];
      blockCount[blocks - 2] += blockCount[blocks - 1];
      blocks--;
    }
  }
  for (let b = 0; b < blocks; b++) {
    const mean = blockSum[b] / blockCount[b];
    for (let i = blockStart[b]; i < blockStart[b] + blockCount[b]; i++) y[steps[i]] = mean + offset[i];
  }
}
