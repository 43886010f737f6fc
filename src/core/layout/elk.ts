import ELK from 'elkjs/lib/elk.bundled.js';

export { ELK };
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { Position, StallMap } from '../model';
import { layeredLayout } from './layered';
import { DEFAULT_STEP_SIZE, estimateLabelSize, type LayoutSizes, SPACING } from './layout-sizes';

export { estimateLabelSize, type LayoutSizes, type Size } from './layout-sizes';

/**
 * ELK's layered algorithm, left to right: the trigger on the left, the outcome on the right, loops
 * kept readable. Every join's label is given to ELK at its size, centred on the join: ELK then
 * puts a layer of labels between two layers of steps, as wide as the widest label there, so the
 * gap between steps always has room for the label (the canvas puts it beside the line there).
 */
const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': String(SPACING.betweenLayers),
  'elk.spacing.nodeNode': String(SPACING.betweenSteps),
  'elk.spacing.edgeLabel': '4',
  'elk.edgeLabels.inline': 'false',
  'elk.spacing.componentComponent': String(SPACING.betweenPieces),
  'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.separateConnectedComponents': 'true',
};

/**
 * From this many steps a map is laid out with ELK's greedy cycle breaking and Brandes-Köpf
 * placement: the depth-first and network-simplex strategies above recurse past a browser worker's
 * stack on a map of about 1,000 steps (Auto-layout failed there), and take about three times as
 * long. Long lines run a little less straight; a large map gets a layout at all.
 */
export const LARGE_MAP_STEPS = 500;
const LARGE_MAP_OPTIONS = {
  ...LAYOUT_OPTIONS,
  'elk.layered.cycleBreaking.strategy': 'GREEDY',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
};

/**
 * From this many steps a map is laid out by our own layered layout (layered.ts) instead of ELK.
 * Measured in Node on generated maps (bench/generate-map.ts, seed 7, the large-map options above):
 * on a 400 KB stack, about a browser worker's, ELK laid out 1,250 steps in 4.7 s and 1,500 in
 * 5.9 s, and ran out of stack at 1,750 and 2,000; on Node's own stack (about 1 MB) it took 5.2 s
 * at 1,000 steps, 8 s at 2,000 and 18 s at 3,000, and ran out of stack at 5,000. Below 1,500 ELK's
 * layout is the better one and arrives in seconds; from there it is near its stack's end and
 * slow, and ours takes milliseconds. A smaller map whose ELK run still runs out of stack falls
 * back too (see layoutMap).
 */
export const HUGE_MAP_STEPS = 1500;

/** Map in, positions out (top-left corners, as React Flow places nodes). Pure apart from ELK's own work. */
export async function layoutMap(
  map: Pick<StallMap, 'steps' | 'joins'>,
  sizes: LayoutSizes = {},
  elk?: InstanceType<typeof ELK>,
): Promise<Record<string, Position>> {
  if (map.steps.length >= HUGE_MAP_STEPS) return layeredLayout(map, sizes);
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: map.steps.length >= LARGE_MAP_STEPS ? LARGE_MAP_OPTIONS : LAYOUT_OPTIONS,
    children: map.steps.map((step) => ({ id: step.id, ...(sizes.steps?.[step.id] ?? DEFAULT_STEP_SIZE) })),
    edges: map.joins.map((join) => ({
      id: join.id,
      sources: [join.from],
      targets: [join.to],
      labels: [{ id: `${join.id}:label`, text: join.label ?? join.handoff, ...(sizes.labels?.[join.id] ?? estimateLabelSize(join)), layoutOptions: { 'elk.edgeLabels.placement': 'CENTER' } }],
    })),
  };
  let result: ElkNode;
  try {
    result = await (elk ?? new ELK()).layout(graph);
  } catch (error) {
    if (outOfStack(error)) return layeredLayout(map, sizes);
    throw error;
  }
  const positions: Record<string, Position> = {};
  for (const child of result.children ?? []) positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  return positions;
}

/**
 * ELK's recursion ran past the stack: a RangeError in Chrome, Safari and Node, an InternalError in
 * Firefox; read by its message too, as ELK may hand on a copy of the error rather than the error.
 */
function outOfStack(error: unknown): boolean {
  if (error instanceof RangeError) return true;
  const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  return /call stack|too much recursion/i.test(message);
}
