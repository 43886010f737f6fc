import { useMemo, useRef } from 'react';
import type { Join, Step } from '../../core/model';
import { joinAriaLabel } from '../ariaLabels';
import type { JoinFlowEdge } from './JoinEdge';
import { useStepLabels } from './useStepLabels';

/**
 * The joins React Flow draws, each with the ARIA label that names its steps ("Join from Draft
 * reply to Review, manual hand-off"). Only these: the joins drawn from afar (FarJoins) are one
 * picture with no label each, and labelling a large map's every join on opening was a tenth of
 * the task that first draws it. Each labelled join is kept while its edge and its label stay the same, so
 * React Flow redraws only what changed.
 */
export function useJoinAriaLabels(steps: readonly Step[], edges: JoinFlowEdge[]): JoinFlowEdge[] {
  // A join's label names its steps: relabelled once a rename settles, not on every keystroke or drag frame.
  const labels = useStepLabels(steps);
  const edgeCache = useRef(new WeakMap<JoinFlowEdge, JoinFlowEdge>());
  // Each join's label, worked out again when the join or the steps' labels change: not for every
  // join whose edge is new for a finding's mark (the first findings of a large map mark most of it).
  const labelCache = useRef(new WeakMap<Join, { labels: ReadonlyMap<string, string>; text: string }>());
  return useMemo(
    () =>
      edges.map((edge) => {
        if (!edge.data) return edge;
        const { join } = edge.data;
        let label = labelCache.current.get(join);
        if (label?.labels !== labels) {
          label = { labels, text: joinAriaLabel(join, (id) => labels.get(id) ?? id) };
          labelCache.current.set(join, label);
        }
        const ariaLabel = label.text;
        const prior = edgeCache.current.get(edge);
        if (prior?.ariaLabel === ariaLabel) return prior;
        const copy = { ...edge, ariaLabel };
        edgeCache.current.set(edge, copy);
        return copy;
      }),
    [edges, labels],
  );
}
