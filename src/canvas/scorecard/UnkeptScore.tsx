import { useEffect, useId, useRef } from 'react';
import { focusLost } from '../focusLost';
import type { SentScore } from './useUnkeptScore';

/**
 * Says that this person's score was not kept, or cannot be now, and whose is recorded; and gives
 * back the evidence they typed, to copy into a comment: it is nowhere else. `writing`: the other
 * score arrived while the form was open (a reviewer may not replace it, so the form is gone).
 */
export function UnkeptScore({ unkept, keptBy, writing, onDismiss }: { unkept: Omit<SentScore, 'by'>; keptBy: string | undefined; writing?: boolean; onDismiss(): void }) {
  const who = keptBy ? <bdi>{keptBy}</bdi> : 'someone';
  const said = useId();
  const evidence = useRef<HTMLTextAreaElement>(null);
  // The control the keyboard was on (the row's Score button, the form being written) goes with the
  // score that was kept, now or as the page catches up with it: the notice takes the focus then,
  // on what the person wrote, rather than leave it on the page's body where a screen reader is silent.
  useEffect(() => {
    if (focusLost()) evidence.current?.focus();
  });
  return (
    <div className="score-unkept" role="alert">
      <p id={said}>
        {writing ? (
          <>
            {who} scored this surface while you were writing, and only they or an editor can change it: your score ({unkept.score} of 5) was not recorded.
          </>
        ) : (
          <>
            Your score ({unkept.score} of 5) was not kept: {who} scored this surface at the same time, and theirs is the one recorded.
          </>
        )}{' '}
        What you wrote, to keep:
      </p>
      {/* Described by the notice: focused, it says why it is there. */}
      <textarea ref={evidence} readOnly rows={2} value={unkept.evidence} aria-label="Your evidence, not recorded" aria-describedby={said} />
      <button type="button" className="link-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
