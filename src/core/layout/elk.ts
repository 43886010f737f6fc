import ELK from 'elkjs/lib/elk.bundled.js';

export { ELK };
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { Join, Position, StallMap } from '../model';
import { formatDuration } from '../model/duration';

export interface Size {
  width: number;
  height: number;
}

/** Steps' and join labels' sizes as the canvas measured them, by id; anything missing is estimated. */
export interface LayoutSizes {
  steps?: Record<string, Size>;
  labels?: Record<string, Size>;
}

const DEFAULT_SIZE: Size = { width: 200, height: 96 };

/**
 * ELK's layered algorithm, left to right: the trigger on the left, the outcome on the right, loops
 * kept readable. Every join's label is given to ELK at its size, centred on the join: ELK then
 * puts a layer of labels between two layers of steps, as wide as the widest label there, so the
 * gap between steps always has room for the label (the canvas puts it beside the line there).
 */
const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.spacing.nodeNode': '48',
  'elk.spacing.edgeLabel': '4',
  'elk.edgeLabels.inline': 'false',
  'elk.spacing.componentComponent': '80',
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

const HANDOFF_TEXT = { system: 'system', manual: 'manual', meeting: 'meeting' } as const;

/**
 * About the size of a join's label on the canvas (11 px text, an icon, padding, room for a
 * severity mark), for when the canvas has not measured it: a little generous, never tight.
 */
export function estimateLabelSize(join: Pick<Join, 'label' | 'handoff' | 'waitMinutes'>): Size {
  const text = join.label ?? HANDOFF_TEXT[join.handoff];
  const wait = join.waitMinutes ? formatDuration(join.waitMinutes) : '';
  const width = 40 + text.length * 6.4 + (wait ? 6 + wait.length * 7 : 0) + 20;
  return { width: Math.round(Math.min(width, 204)), height: 24 };
}

/** Map in, positions out (top-left corners, as React Flow places nodes). Pure apart from ELK's own work. */
export async function layoutMap(
  map: Pick<StallMap, 'steps' | 'joins'>,
  sizes: LayoutSizes = {},
  elk: InstanceType<typeof ELK> = new ELK(),
): Promise<Record<string, Position>> {
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: map.steps.length >= LARGE_MAP_STEPS ? LARGE_MAP_OPTIONS : LAYOUT_OPTIONS,
    children: map.steps.map((step) => ({ id: step.id, ...(sizes.steps?.[step.id] ?? DEFAULT_SIZE) })),
    edges: map.joins.map((join) => ({
      id: join.id,
      sources: [join.from],
      targets: [join.to],
      labels: [{ id: `${join.id}:label`, text: join.label ?? join.handoff, ...(sizes.labels?.[join.id] ?? estimateLabelSize(join)), layoutOptions: { 'elk.edgeLabels.placement': 'CENTER' } }],
    })),
  };
  const result = await elk.layout(graph);
  const positions: Record<string, Position> = {};
  for (const child of result.children ?? []) positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  return positions;
}
