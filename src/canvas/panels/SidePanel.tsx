import { useMemo } from 'react';
import type { StallMap } from '../../core/model';
import { useStore } from '../../store';
import { FindingsPanel } from '../findings/FindingsPanel';
import { TodaysFindings } from '../redesign/TodaysFindings';
import { Inspector } from './Inspector';

/** The right-hand panel: the inspector, or the findings list, one click apart. */
export function SidePanel({ map, editable }: { map: StallMap; editable: boolean }) {
  const tab = useStore((s) => s.sideTab);
  const showTab = useStore((s) => s.showTab);
  // Counted once per analysis, not in the selector: a selector runs on every change of the store
  // (each drag frame among them), and filtering 8,000 findings there cost a 5,000-step drag 3 ms a frame.
  const analysis = useStore((s) => s.analysis);
  const open = useMemo(() => analysis?.findings.filter((f) => !f.waived).length ?? 0, [analysis]);
  return (
    <div className="side-panel">
      <div className="tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'inspector'} onClick={() => showTab('inspector')}>
          Inspector
        </button>
        <button type="button" role="tab" aria-selected={tab === 'findings'} onClick={() => showTab('findings')}>
          Findings <span className="count">{open}</span>
        </button>
      </div>
      {tab === 'inspector' ? <Inspector map={map} editable={editable} /> : (
        <>
          <TodaysFindings map={map} />
          <FindingsPanel map={map} />
        </>
      )}
    </div>
  );
}
