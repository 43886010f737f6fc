import { type KeyboardEvent, useMemo } from 'react';
import type { StallMap } from '../../core/model';
import { useStore } from '../../store';
import { FindingsPanel } from '../findings/FindingsPanel';
import { TodaysFindings } from '../redesign/TodaysFindings';
import { Inspector } from './Inspector';

const TABS = ['inspector', 'findings'] as const;

/**
 * The right-hand panel: the inspector, or the findings list, one click apart. Tabs as WAI-ARIA
 * has them: one stop for Tab (the tab shown), the arrows (and Home, End) go to the other and
 * show it, and the panel says which tab it belongs to.
 */
export function SidePanel({ map, editable }: { map: StallMap; editable: boolean }) {
  const tab = useStore((s) => s.sideTab);
  const showTab = useStore((s) => s.showTab);
  // Counted once per analysis, not in the selector: a selector runs on every change of the store
  // (each drag frame among them), and filtering 8,000 findings there cost a 5,000-step drag 3 ms a frame.
  const analysis = useStore((s) => s.analysis);
  const open = useMemo(() => analysis?.findings.filter((f) => !f.waived).length ?? 0, [analysis]);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = TABS.indexOf(tab);
    const next = event.key === 'ArrowRight' ? TABS[(at + 1) % TABS.length] : event.key === 'ArrowLeft' ? TABS[(at - 1 + TABS.length) % TABS.length] : event.key === 'Home' ? TABS[0] : event.key === 'End' ? TABS[TABS.length - 1] : null;
    if (!next) return;
    event.preventDefault();
    showTab(next);
    document.getElementById(`side-tab-${next}`)?.focus();
  };
  const tabProps = (name: (typeof TABS)[number]) => ({
    id: `side-tab-${name}`,
    role: 'tab',
    'aria-selected': tab === name,
    'aria-controls': 'side-panel-content',
    tabIndex: tab === name ? 0 : -1,
    onClick: () => showTab(name),
  });
  return (
    <div className="side-panel">
      <div className="tabs" role="tablist" aria-label="Side panel" onKeyDown={onKeyDown}>
        <button type="button" {...tabProps('inspector')}>
          Inspector
        </button>
        <button type="button" {...tabProps('findings')}>
          {/* No count before the first analysis: a 0 there read as a map with nothing wrong. */}
          Findings {analysis && <span className="count">{open}</span>}
        </button>
      </div>
      <div id="side-panel-content" role="tabpanel" aria-labelledby={`side-tab-${tab}`} className="side-panel-content">
        {tab === 'inspector' ? (
          <Inspector map={map} editable={editable} />
        ) : (
          <>
            <TodaysFindings map={map} />
            <FindingsPanel map={map} />
          </>
        )}
      </div>
    </div>
  );
}
