import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import type { Finding } from '../../core/analyzer';
import type { StallMap } from '../../core/model';
import { useStore } from '../../store';

/** The inspector field a finding is about, so going to it lands where the fix is typed. */
const FIELD_AT_FAULT: Partial<Record<Finding['rule'], string>> = {
  'no-accountable-owner': 'owner',
  'verification-exceeds-work': 'workMinutes',
  'override-rate': 'overrideRate',
  'human-join': 'handoff',
};

/**
 * Selects a finding's element, centres it, and opens the inspector, on the field at fault unless
 * `focusField` is false (the review walk-through keeps the keyboard for next and previous).
 */
export function useGoToFinding(map: StallMap) {
  const flow = useReactFlow();
  return useCallback(
    (finding: Finding, { focusField = true } = {}) => {
      const { select, showTab, focus } = useStore.getState();
      const id = finding.targets[0];
      const join = map.joins.find((j) => j.id === id);
      const nodes = join ? [join.from, join.to] : map.steps.some((s) => s.id === id) ? [id] : [];
      if (!nodes.length) return;
      select([id]);
      void flow.fitView({ nodes: nodes.map((n) => ({ id: n })), duration: 300, maxZoom: 1.2, padding: 0.4 });
      showTab('inspector');
      focus(focusField ? (FIELD_AT_FAULT[finding.rule] ?? null) : null);
    },
    [flow, map],
  );
}
