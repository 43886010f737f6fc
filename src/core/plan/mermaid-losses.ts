import { type Held, heldOnlyBy, type StallMap, whatMapHolds } from '../model';
import { mermaidToMap } from './mermaid-import';

/**
 * What a Mermaid flowchart of this map leaves out: what the map holds that the flowchart, read
 * back as import reads it, holds none of. Read back rather than listed by hand, so the list stays
 * true as the flowchart learns to carry more.
 */
export function mermaidLeavesOut(map: StallMap, flowchart: string): Held[] {
  const readBack = mermaidToMap(flowchart);
  return readBack.ok ? heldOnlyBy(map, readBack.map) : whatMapHolds(map);
}
