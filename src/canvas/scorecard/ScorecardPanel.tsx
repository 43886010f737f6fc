import { useState } from 'react';
import { describeImpact, SURFACE_SYMPTOMS, SURFACES, type Surface, type SurfaceScore } from '../../core/analyzer';
import { useStore } from '../../store';
import { useSession } from '../SessionContext';
import { focusWhenDrawn } from '../focusWhenDrawn';
import { ModalDialog } from '../panels/ModalDialog';
import { LockedScore } from './LockedScore';
import { UnkeptScore } from './UnkeptScore';
import { useUnkeptScore } from './useUnkeptScore';

/**
 * The scorecard: each failure surface's computed score with what it rests on, and beside it the
 * team's own score with its evidence ("score on concrete evidence, not optimism"). Editors and
 * reviewers record a score; it lives in the review doc, signed with their name, and a reviewer may
 * replace only a score they recorded (the server enforces it: server/sync/review-rules.ts).
 */
export function ScorecardPanel({ onClose }: { onClose(): void }) {
  const scores = useStore((s) => s.analysis?.scores);
  const dominant = useStore((s) => s.analysis?.triage.dominantSurface ?? null);
  return (
    <ModalDialog className="scorecard-panel" labelledBy="scorecard-title" onClose={onClose}>
      <h2 id="scorecard-title">Scorecard</h2>
      <p className="field-hint">1 is a probable stall driver, 5 is sound; only 1 or 2 marks a stall. The team's score stands beside the computed one, never in its place.</p>
      {scores && SURFACES.map((surface) => <SurfaceRow key={surface} surface={surface} score={scores[surface]} dominant={surface === dominant} onClose={onClose} />)}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}

function SurfaceRow({ surface, score, dominant, onClose }: { surface: Surface; score: SurfaceScore; dominant: boolean; onClose(): void }) {
  const { reviewCommands } = useSession();
  const role = useStore((s) => s.role);
  const name = useStore((s) => s.name)?.trim() ?? '';
  const team = score.team;
  const scoreAction = team ? 'Change the team’s score…' : 'Score this surface…';
  const [value, setValue] = useState(team?.score ?? 3);
  const [evidence, setEvidence] = useState('');
  const [editing, setEditing] = useState(false);
  const { unkept, recorded, dismiss } = useUnkeptScore(surface);
  // A reviewer replaces only a score in their own name; an editor any.
  const lockedBy = role === 'review' && team?.by && team.by !== name ? team.by : undefined;
  const canScore = (role === 'edit' || role === 'review') && name.length > 0 && !lockedBy;
  const ready = evidence.trim().length > 0;
  // The form (or a notice) goes with the focus in it: the row's button takes it, not the page's body
  // behind the dialog; its heading when the row has no button (a score another leader keeps).
  const row = `.surface-row[data-surface="${surface}"]`;
  const focusRow = () => focusWhenDrawn(`${row} .score-action`, `${row} h3`);
  const closeForm = () => {
    setEditing(false);
    setEvidence('');
    focusRow();
  };
  // Nothing recorded: the next time the form opens, it starts from the team's score again.
  const cancel = () => {
    setValue(team?.score ?? 3);
    closeForm();
  };
  return (
    <section className={`surface-row${dominant ? ' dominant' : ''}`} data-surface={surface}>
      <h3 tabIndex={-1}>
        {surface} {dominant && <span className="surface-tag">dominant</span>}
      </h3>
      <p className="field-hint">{SURFACE_SYMPTOMS[surface]}</p>
      <p data-computed-score>
        Computed: <strong>{score.score === null ? 'not assessed' : `${score.score} of 5`}</strong>
        {score.score === null ? ` (${score.notAssessed})` : score.stallDriver ? ' (probable stall driver)' : ''}
      </p>
      {score.basis.length > 0 && (
        <ul className="score-basis">
          {score.basis.map((b) => (
            <li key={`${b.rule}:${b.targets[0]}`}>
              {b.rule} ({b.severity}): {describeImpact(b.impact)}
            </li>
          ))}
        </ul>
      )}
      <p data-team-score>
        Team: {team ? (
          <>
            {/* The evidence and the name are typed, in any script: isolated, a right-to-left name leaves the date after it in place. */}
            <strong>{team.score} of 5</strong>, <bdi>{team.evidence}</bdi>
            {team.by && (
              <>
                {' '}
                (<bdi>{team.by}</bdi>
                {team.at ? `, ${team.at}` : ''})
              </>
            )}
          </>
        ) : (
          'not scored'
        )}
      </p>
      {unkept && (
        <UnkeptScore
          unkept={unkept.sent}
          keptBy={unkept.keptBy}
          onDismiss={() => {
            dismiss();
            focusRow();
          }}
        />
      )}
      {/* Another's score arrived while this person was writing theirs: the form is gone, what they typed is not. */}
      {editing && lockedBy && evidence.trim() && <UnkeptScore unkept={{ score: value, evidence }} keptBy={lockedBy} writing onDismiss={cancel} />}
      {lockedBy && <LockedScore surface={surface} score={score} by={lockedBy} onClose={onClose} />}
      {canScore && !editing && (
        // Named with the surface: five of these in one dialog must be told apart by a screen reader's list of buttons.
        <button type="button" className="link-button score-action" onClick={() => setEditing(true)} aria-label={`${scoreAction} (${surface})`}>
          {scoreAction}
        </button>
      )}
      {canScore && editing && (
        <form
          className="score-form"
          // Esc closes what was opened last: this form, not the dialog around it (useModalDialog.ts leaves the key to it).
          data-escape-cancels
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return;
            e.preventDefault();
            e.stopPropagation(); // nor the canvas's Esc (clear the selection)
            cancel();
          }}
          onSubmit={(e) => {
            e.preventDefault();
            if (!ready) return;
            const sent = { score: value, evidence: evidence.trim().slice(0, 5000), by: name.slice(0, 120) };
            reviewCommands.score(surface, sent);
            recorded(sent);
            closeForm();
          }}
        >
          <label>
            Score
            <select name="score" value={value} onChange={(e) => setValue(Number(e.target.value))}>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label>
            Evidence (what you saw, not what you hope)
            <textarea name="evidence" required rows={2} maxLength={5000} value={evidence} onChange={(e) => setEvidence(e.target.value)} />
          </label>
          <p className="field-hint">
            Recorded as{' '}
            <strong>
              <bdi>{name}</bdi>
            </strong>
          </p>
          <div className="dialog-actions">
            <button type="submit" disabled={!ready}>
              Record score
            </button>
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
