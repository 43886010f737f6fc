import { useMemo } from 'react';
import { HANDOFFS, type Handoff, type Step } from '../../core/model';
import { useStore } from '../../store';
import { useMapContent } from '../useMapContent';
import { useSession } from '../SessionContext';
import { shownMap } from '../shownState';

/** Each starts with its own letters, so a focused list is set by typing "s", "ma" or "me". */
const HANDOFF_CHOICES: Record<Handoff, string> = {
  system: 'System: no person (API, queue, event)',
  manual: 'Manual: a person moves it (email, re-keying)',
  meeting: 'Meeting: it waits for a scheduled forum',
};

/**
 * How the item reaches this step, one list per join coming in: drawing a map step by step ("add
 * next", then type the label, Tab, the hand-off, Tab, the owner...), the hand-off is set without
 * leaving the step for its join's tiny label.
 */
export function ArrivalFields({ step, readOnly }: { step: Step; readOnly: boolean }) {
  const { commands } = useSession();
  const map = useMapContent();
  const view = useStore((s) => s.view);
  const shown = useMemo(() => (map ? shownMap(map, view) : null), [map, view]);
  const arrivals = shown?.joins.filter((j) => j.to === step.id) ?? [];
  if (!arrivals.length || step.kind === 'start') return null;
  const label = (id: string) => shown?.steps.find((s) => s.id === id)?.label ?? id;
  return (
    <>
      {arrivals.map((join) => (
        <div className="field" key={join.id}>
          <label htmlFor={`arrival-${join.id}`}>Arrives from {label(join.from)} by</label>
          <select
            id={`arrival-${join.id}`}
            name="arrivalHandoff"
            data-join-id={join.id}
            value={join.handoff}
            disabled={readOnly}
            onChange={(e) => commands.updateJoin(join.id, { handoff: e.target.value as Handoff })}
          >
            {HANDOFFS.map((h) => (
              <option key={h} value={h}>
                {HANDOFF_CHOICES[h]}
              </option>
            ))}
          </select>
        </div>
      ))}
    </>
  );
}
