import { useEffect, useMemo } from 'react';
import type { Finding } from '../../core/analyzer';
import type { StallMap } from '../../core/model';
import { plural } from '../../core/plural';
import { useStore } from '../../store';
import { useGoToFinding } from '../findings/useGoToFinding';
import { isTyping } from '../useShortcuts';
import { Disclosures } from './Disclosures';

/**
 * Review mode: a toggle, and a walk through the open findings, worst first, with next and
 * previous (buttons, or the N / P and ] / [ keys).
 */
/**
 * Whether a key pressed here is typed into a field. A checkbox or radio takes no letters: right
 * after ticking "Review mode" the focus is still on its checkbox, and N must walk on from there.
 */
function typesText(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement && (target.type === 'checkbox' || target.type === 'radio')) return false;
  return isTyping(target);
}

export function ReviewBar({ map }: { map: StallMap }) {
  const reviewMode = useStore((s) => s.reviewMode);
  const setReviewMode = useStore((s) => s.setReviewMode);
  const walkIndex = useStore((s) => s.walkIndex);
  const walkTo = useStore((s) => s.walkTo);
  const findings = useStore((s) => s.analysis?.findings);
  const goTo = useGoToFinding(map);
  // Once per analysis, not per render: the bar renders with the page, and a 5,000-step map has about 8,000 findings.
  const ordered = useMemo(() => walkOrder(findings ?? []), [findings]);
  const current = walkIndex >= 0 ? ordered[walkIndex] : undefined;

  const step = (delta: number) => {
    if (!ordered.length) return;
    const next = (((walkIndex < 0 && delta < 0 ? 0 : walkIndex) + delta) % ordered.length + ordered.length) % ordered.length;
    walkTo(next);
    goTo(ordered[next], { open: 'inspector' });
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
            {ordered.length === 0 ? 'No open findings' : current ? `${walkIndex + 1} of ${ordered.length}: ${current.message}` : `${plural(ordered.length, 'open finding')}: press N to ${ordered.length === 1 ? 'go to it' : 'walk through them'}`}
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

/** The open findings in the order the walk visits them: errors, then warnings, then notes. */
function walkOrder(findings: readonly Finding[]): Finding[] {
  const open = findings.filter((f) => !f.waived);
  return [...open.filter((f) => f.severity === 'error'), ...open.filter((f) => f.severity === 'warning'), ...open.filter((f) => f.severity === 'info')];
}
