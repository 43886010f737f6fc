import { useMemo } from 'react';
import type { StallMap } from '../../core/model';
import { useStore } from '../../store';
import { useMapContent } from '../useMapContent';
import { byImpact } from '../findings/findingOrder';
import { FindingItem, findingKey } from '../findings/FindingItem';
import { labelsOf } from '../findings/labels';
import { PagedList } from '../PagedList';
import { useGoToFinding } from '../findings/useGoToFinding';
import { hasRedesign } from './hasRedesign';
import './redesign.css';

/**
 * In the redesign view, above the redesign's own findings: today's open findings, by what fixing
 * each buys, each offering to apply its fix to the redesign (ApplyFix, in the finding item). The
 * agenda of a redesign workshop: what is wrong today, and which of it the redesign answers.
 * `map` is the redesign on screen (going to a finding selects the redesign's copy of its target).
 */
export function TodaysFindings({ map }: { map: StallMap }) {
  const shown = useStore((s) => s.view === 'redesign' && hasRedesign(s.map));
  const nowFindings = useStore((s) => s.nowFindings);
  const today = useMapContent();
  const goTo = useGoToFinding(map);
  // The findings speak of today's steps, so they are named as today's map names them.
  const labelOf = useMemo(() => labelsOf(today ?? map), [today, map]);
  const open = useMemo(() => byImpact(nowFindings.filter((f) => !f.waived)), [nowFindings]);
  if (!shown) return null;
  return (
    <>
      <details className="todays-findings" open aria-label="Today's findings">
        <summary>Today’s findings ({open.length})</summary>
        <p className="todays-findings-hint">Apply a finding’s fix to the redesign, then adjust it by hand. Today’s map is not changed.</p>
        {open.length === 0 ? (
          <p className="field-hint">Today’s map has no open findings.</p>
        ) : (
          <PagedList items={open}>
            {(listed) => (
              <ul>
                {listed.map((finding) => (
                  <FindingItem key={findingKey(finding)} finding={finding} labelOf={labelOf} onOpen={() => goTo(finding)} />
                ))}
              </ul>
            )}
          </PagedList>
        )}
      </details>
      <h3 className="redesign-findings-heading">The redesign’s findings</h3>
    </>
  );
}
