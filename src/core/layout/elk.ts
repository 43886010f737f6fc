import ELK from 'elkjs/lib/elk.bundled.js';

export { ELK };
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { Position, StallMap } from '../model';

export interface Size {
  width: number;
  height: number;
}

const DEFAULT_SIZE: Size = { width: 200, height: 96 };

/** ELK's layered algorithm, left to right: the trigger on the left, the outcome on the right, loops kept readable. */
const LAYOUT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.spacing.nodeNodeBetweenLayers': '80',
  'elk.spacing.nodeNode': '40',
  'elk.spacing.componentComponent': '80',
  'elk.layered.cycleBreaking.strategy': 'DEPTH_FIRST',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.separateConnectedComponents': 'true',
};

/** Map in, positions out (top-left corners, as React Flow places nodes). Pure apart from ELK's own work. */
export async function layoutMap(
  map: Pick<StallMap, 'steps' | 'joins'>,
  sizes: Record<string, Size> = {},
  elk: InstanceType<typeof ELK> = new ELK(),
): Promise<Record<string, Position>> {
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: LAYOUT_OPTIONS,
    children: map.steps.map((step) => ({ id: step.id, ...(sizes[step.id] ?? DEFAULT_SIZE) })),
    edges: map.joins.map((join) => ({ id: join.id, sources: [join.from], targets: [join.to] })),
  };
  const result = await elk.layout(graph);
  const positions: Record<string, Position> = {};
  for (const child of result.children ?? []) positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  return positions;
}
