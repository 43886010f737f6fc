import { useMemo, useState } from 'react';
import { type Finding, ruleName, waiverRefusal } from '../../core/analyzer';
import type { Step } from '../../core/model';
import { useStore } from '../../store';
import { useDrawing } from '../drawingState';
import { useSession } from '../SessionContext';
import { Comments } from './Comments';
import { focusNextFinding } from './focusNextFinding';

/** Each steps array's index by id, made once per array and shared by every finding's actions. */
const stepIndexes = new WeakMap<readonly Step[], ReadonlyMap<string, Step>>();
function stepById(steps: readonly Step[], id: string): Step | undefined {
  let index = stepIndexes.get(steps);
  if (!index) {
    index = new Map(steps.map((step) => [step.id, step]));
    stepIndexes.set(steps, index);
  }
  return index.get(id);
}

/**
 * On a finding: comment on it, accept its risk with a reason (waive), or, for editors, revoke a
 * waiver. `walked`: the review walk is on this finding, which opens its comments (the thread to
 * read, the box to write in, Waive… beside them) unless a form of it is open already.
 */
export function FindingActions({ finding, walked = false }: { finding: Finding; walked?: boolean }) {
  const role = useStore((s) => s.role);
  // Every finding of the list has these actions, and a selector runs on every change of the store
  // (each drag frame, each keystroke): what they read is looked up, not searched for. At 5,000
  // steps, 8,000 findings each searching the steps was up to 40 million comparisons a change.
  const comments = useStore((s) => s.map?.comments);
  const count = useMemo(() => comments?.filter((c) => c.target === finding.targets[0] && c.rule === finding.rule).length ?? 0, [comments, finding]);
  const { reviewCommands } = useSession();
  const [open, setOpen] = useState<'comments' | 'waive' | null>(walked ? 'comments' : null);
  // Set while rendering, not in an effect: the card is scrolled to in an effect, once it is as tall as it will be.
  const [wasWalked, setWasWalked] = useState(walked);
  if (walked !== wasWalked) {
    setWasWalked(walked);
    if (walked && !open) setOpen('comments');
  }
  const target = finding.targets[0];
  // Accountability cannot be waived away: the reviewer is told why instead of being given a form (the analyzer would refuse the waiver anyway).
  const refusal = useStore((s) => waiverRefusal(finding.rule, s.map ? stepById(s.map.steps, target) : undefined));
  const toggle = (panel: 'comments' | 'waive') => setOpen((current) => (current === panel ? null : panel));
  return (
    <div className="finding-actions">
      <button type="button" className="link-button" onClick={() => toggle('comments')}>
        Comments{count ? ` (${count})` : ''}
      </button>
      {role !== 'view' && !finding.waived && (
        <button type="button" className="link-button" onClick={() => toggle('waive')}>
          Waive…
        </button>
      )}
      {role === 'edit' && finding.waived && (
        <button type="button" className="link-button" onClick={() => reviewCommands.revoke({ rule: finding.rule, target })}>
          Revoke waiver
        </button>
      )}
      {open === 'comments' && <Comments target={target} rule={finding.rule} />}
      {open === 'waive' &&
        (refusal ? (
          <p className="waive-refused" role="alert">
            {refusal}
          </p>
        ) : (
          <WaiveForm finding={finding} onDone={() => setOpen(null)} />
        ))}
    </div>
  );
}

function WaiveForm({ finding, onDone }: { finding: Finding; onDone(): void }) {
  const { reviewCommands } = useSession();
  // Signed with this person's name: the server takes a review link's waiver in no other
  // (README, "Names on comments and waivers").
  const by = useStore((s) => s.name) ?? '';
  const [reason, setReason] = useState('');
  const ready = reason.trim().length > 0 && by.length > 0;
  return (
    <form
      className="waive-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!ready) return;
        focusNextFinding(event.currentTarget);
        reviewCommands.waive({ rule: finding.rule, target: finding.targets[0], reason: reason.trim().slice(0, 5000), by: by.trim().slice(0, 120) });
        // The finding leaves the list of open ones at once: say where it went.
        useDrawing.getState().say(`Waived “${ruleName(finding.rule)}”: it no longer counts as open, and the Disclosures list it.`);
        onDone();
      }}
    >
      <label>
        Why is this risk acceptable?
        <textarea name="reason" required value={reason} rows={2} maxLength={5000} onChange={(e) => setReason(e.target.value)} placeholder="e.g. The board signs contracts by law" />
      </label>
      <p className="field-hint">
        Accepted by{' '}
        <strong>
          <bdi>{by}</bdi>
        </strong>
      </p>
      <button type="submit" disabled={!ready}>
        Accept the risk
      </button>
    </form>
  );
}
