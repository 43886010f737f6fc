import { useCallback, useMemo, useRef, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { analyze, redesignedMap } from '../../core/analyzer';
import { ComparisonMemo, compareStates } from '../../core/analyzer/compare-states';
import type { StallMap } from '../../core/model';
import { useStore } from '../../store';
import { hasRedesign } from '../redesign/hasRedesign';
import { sameAnalysis } from '../shownState';
import { BeforeAfterTable } from './BeforeAfterTable';
import { ChangeList } from './ChangeList';
import { stepNames } from './changeText';
import { ComparePane } from './ComparePane';
import { compareMinZoom, useCompareViewport } from './useCompareViewport';
import './compare.css';

/**
 * The compare view: today's map and its redesign side by side, read-only, panning and zooming in
 * step, with every removed, added and changed step and join marked, and the before-and-after
 * table beside them.
 *
 * Why side by side rather than the redesign overlaid on today's positions: a redesign workshop
 * removes and adds steps and reroutes joins, so an overlay draws two lines through the same space
 * (a removed step under an added one, a rerouted join across its old route) and a room cannot
 * tell which line is which from the back. Side by side, each state reads as the workflow it is,
 * exactly as the team drew it; the marks say what differs, and because the panes share one
 * viewport (and the states share ids and, where they share steps, positions) the eye jumps
 * straight across from a step to its counterpart. Choosing a change selects it in both panes.
 * The whiteboard habit it follows is the before/after pair of photos on the wall.
 *
 * The left pane is the page's own React Flow (the provider MapPage opens), so what drives "the
 * canvas" (the review walk through today's findings, going to a finding) drives today's pane, and
 * through the shared viewport both; the right pane has a provider of its own. Following a person
 * shows their viewport in both panes. Pictures of either state are drawn from the map
 * (export/statePicture.ts), not captured from the panes, whose marks are the comparison's.
 */
export function CompareView({ map }: { map: StallMap }) {
  const redesign = useMemo(() => (hasRedesign(map) ? redesignedMap(map) : undefined), [map]);
  if (!redesign) return <NoRedesign />;
  return <Comparison map={map} redesign={redesign} />;
}

function Comparison({ map, redesign }: { map: StallMap; redesign: StallMap }) {
  // Both states' findings and figures: the page's live analysis of today's map with the comparison
  // (in a worker for a large map, so a colleague's edit costs this page no analysis of its own),
  // the same as analyze(map); worked out here only while the live one is still the redesign
  // view's, for a moment after switching from it. Like the canvas's, it may trail the map by a
  // pause while a newer one is made.
  const live = useStore((s) => (s.analysedView !== null && sameAnalysis(s.analysedView, 'compare') ? s.analysis : null));
  const analysis = useMemo(() => live ?? analyze(map), [live, map]);
  // A colleague's edit compares again only the elements it touched, and every other keeps its
  // change object, by which each pane knows what it need not draw again.
  const [memo] = useState(() => new ComparisonMemo());
  const comparison = useMemo(() => compareStates(map, redesign, memo), [map, redesign, memo]);
  const changes = useMemo(() => new Map(comparison.changes.map((c) => [c.id, c])), [comparison]);
  const names = useMemo(() => stepNames(map, redesign), [map, redesign]);
  const allSteps = useMemo(() => [...map.steps, ...redesign.steps], [map.steps, redesign.steps]);
  const panes = useRef<HTMLDivElement>(null);
  const minZoom = compareMinZoom(map.steps, redesign.steps);
  const { viewport, onViewportChange, centre } = useCompareViewport(panes, allSteps, minZoom);
  const select = useStore((s) => s.select);

  const choose = useCallback(
    (id: string) => {
      select([id]);
      const at = (stepId: string) => (redesign.steps.find((s) => s.id === stepId) ?? map.steps.find((s) => s.id === stepId))?.position;
      const join = redesign.joins.find((j) => j.id === id) ?? map.joins.find((j) => j.id === id);
      const ends = (join ? [at(join.from), at(join.to)] : [at(id)]).filter((p) => p !== undefined);
      if (ends.length === 0) return;
      // The middle of the step (or of the join between its steps), not its top-left corner.
      centre({ x: ends.reduce((sum, p) => sum + p.x, 0) / ends.length + 100, y: ends.reduce((sum, p) => sum + p.y, 0) / ends.length + 40 });
    },
    [select, map, redesign, centre],
  );

  const panesProps = { changes, names, viewport, onViewportChange, minZoom };
  return (
    <div className="compare-view shows-critical-path" data-testid="compare-view">
      <div className="compare-panes" ref={panes}>
        <ComparePane state="now" title="Now" map={map} findings={analysis.findings} criticalPath={analysis.metrics.criticalPath} {...panesProps} />
        <ReactFlowProvider>
          <ComparePane
            state="redesign"
            title="Redesign"
            map={redesign}
            findings={analysis.redesign?.findings ?? []}
            criticalPath={analysis.redesign?.metrics.criticalPath ?? []}
            {...panesProps}
          />
        </ReactFlowProvider>
      </div>
      <aside className="compare-side" aria-label="Before and after">
        <h2>Before and after</h2>
        {analysis.redesign && <BeforeAfterTable redesign={analysis.redesign} />}
        <h2>What changed</h2>
        <ChangeList comparison={comparison} names={names} onChoose={choose} />
      </aside>
    </div>
  );
}

/** Nothing to compare yet: say so, and point to where a redesign is started. */
function NoRedesign() {
  const setView = useStore((s) => s.setView);
  return (
    <div className="compare-view is-empty">
      <section className="compare-empty-card" aria-label="No redesign to compare">
        <h2>No redesign to compare yet</h2>
        <p>Compare shows today’s map beside the team’s redesign, with what changed and what it buys. Start the redesign first: it begins as a copy of today’s map.</p>
        <button type="button" onClick={() => setView('redesign')}>
          Go to Redesign
        </button>
      </section>
    </div>
  );
}
