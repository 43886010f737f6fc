import { useEffect, useMemo } from 'react';
import type { StallMap } from '../../core/model';
import { plural } from '../../core/plural';
import { useStore } from '../../store';
import { findingKey } from '../findings/FindingItem';
import { walkOrder } from '../findings/findingOrder';
import { useGoToFinding } from '../findings/useGoToFinding';
import { isTyping } from '../useShortcuts';
import { Disclosures } from './Disclosures';

/**
 * Whether a key pressed here is typed into a field. A checkbox or radio takes no letters: right
 * after ticking "Review mode" the focus is still on its checkbox, and N must walk on from there.
 */
function typesText(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio')) return false;
  return isTyping(target);
}

/**
 * Review mode: a toggle, and a walk through the open findings in the findings list's order, with
 * next and previous (buttons, or the N / P and ] / [ keys). Each step lands on the finding's card
 * in the Findings tab, where it is waived or commented on, and centres its element on the canvas.
 */
export function ReviewBar({ map }: { map: StallMap }) {
  const reviewMode = useStore((s) => s.reviewMode);
  const setReviewMode = useStore((s) => s.setReviewMode);
  const walkIndex = useStore((s) => s.walkIndex);
  const walked = useStore((s) => s.walked);
  const walkTo = useStore((s) => s.walkTo);
  const findings = useStore((s) => s.analysis?.findings);
  const order = useStore((s) => s.findingsOrder);
  const goTo = useGoToFinding(map);
  // Once per analysis, not per render, and only in review mode: the bar renders with the page, and
  // a 5,000-step map has about 8,000 findings to sort on every analysis.
  const ordered = useMemo(() => (reviewMode ? walkOrder(findings ?? [], order) : []), [reviewMode, findings, order]);
  // Where the finding walked to is now: a sort, a fix or a waiver may have moved it since.
  const at = useMemo(() => (walked ? ordered.findIndex((f) => findingKey(f) === walked) : -1), [ordered, walked]);
  const current = at >= 0 ? ordered[at] : undefined;
  // The index follows the finding (a card clicked in the list, a re-sort): it is where the walk
  // goes on from should that finding leave the list.
  useEffect(() => {
    if (at >= 0 && at !== walkIndex) walkTo(at, walked);
  }, [at, walkIndex, walked, walkTo]);

  const step = (delta: number) => {
    if (!ordered.length) return;
    // From the finding walked to; when it has left the open ones (waived on its card, fixed), from
    // the gap it left: N goes to the finding that took its place, not past it.
    const gap = Math.max(walkIndex, 0);
    const to = at >= 0 ? at + delta : delta > 0 ? gap : gap - 1;
    const next = ((to % ordered.length) + ordered.length) % ordered.length;
    walkTo(next, findingKey(ordered[next]));
    goTo(ordered[next], { open: 'finding' });
  };

  useEffect(() => {
    if (!reviewMode) return;
    const onKey = (event: KeyboardEvent) => {
      if (typesText(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      // Shift or Caps Lock gives the capital: N is N either way.
      const key = event.key.toLowerCase();
      if (key === 'n' || key === ']') step(1);
      else if (key === 'p' || key === '[') step(-1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="review-bar">
      <label className="review-toggle">
        <input type="checkbox" checked={reviewMode} onChange={(e) => setReviewMode(e.target.checked)} /> Review mode
      </label>
      {reviewMode && (
        <>
          <button type="button" onClick={() => step(-1)} disabled={!ordered.length} title="Previous finding (P)">
            ‹ Prev
          </button>
          <span className="review-position" aria-live="polite">
            {/* Before the first analysis there are no findings to count: "No open findings" told a leader waiting outside a full map that nothing was wrong. */}
            {!findings ? 'Reading the map…' : ordered.length === 0 ? 'No open findings' : current ? `${at + 1} of ${ordered.length}: ${current.message}` : `${plural(ordered.length, 'open finding')}: press N to ${ordered.length === 1 ? 'go to it' : 'walk through them'}`}
          </span>
          <button type="button" onClick={() => step(1)} disabled={!ordered.length} title="Next finding (N)">
            Next ›
          </button>
          <Disclosures />
        </>
      )}
    </div>
  );
}
