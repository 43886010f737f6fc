import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Finding } from '../../core/analyzer';
import type { StallMap } from '../../core/model';
import { useStore } from '../../store';
import { EVERY_OPEN, passes } from './filters';

/** The inspector field a finding is about, so going to it lands where the fix is typed. */
const FIELD_AT_FAULT: Partial<Record<Finding['rule'], string>> = {
  'no-accountable-owner': 'owner',
  'verification-exceeds-work': 'workMinutes',
  'override-rate': 'overrideRate',
  'human-join': 'handoff',
};

/**
 * Where going to a finding leaves the side panel: where it was (a click in the findings list: one
 * click per finding, the list stays to take the next), on the finding's card in the findings list
 * (the review walk-through: the card is where a finding is waived or commented on; the inspector
 * showed the element's fields and not its findings), or on the inspector with the field at fault
 * focused ("Open in the inspector", where the fix is typed).
 */
export type GoToOpen = 'stay' | 'finding' | 'field';

/** Selects a finding's element and moves the canvas to it; the panel as `open` says. */
export function useGoToFinding(map: StallMap) {
  const flow = useReactFlow();
  return useCallback(
    (finding: Finding, { open = 'stay' }: { open?: GoToOpen } = {}) => {
      const { select, showTab, focus, findingsFilter, filterFindings } = useStore.getState();
      const id = finding.targets[0];
      const join = map.joins.find((j) => j.id === id);
      const nodes = join ? [join.from, join.to] : map.steps.some((s) => s.id === id) ? [id] : [];
      if (open === 'finding') {
        // The walk goes through every open finding: one the filters hide would land on no card.
        if (!passes(findingsFilter, finding)) filterFindings(EVERY_OPEN);
        showTab('findings');
        // A finding about no one element (a map the AI did not speed up) has its card all the same.
        if (!nodes.length) select([]);
      }
      if (!nodes.length) return;
      select([id]);
      void flow.fitView({ nodes: nodes.map((n) => ({ id: n })), duration: 300, maxZoom: 1.2, padding: 0.4, includeHiddenNodes: true });
      if (open === 'stay' || open === 'finding') return;
      showTab('inspector');
      focus(open === 'field' ? (FIELD_AT_FAULT[finding.rule] ?? null) : null);
    },
    [flow, map],
  );
}
