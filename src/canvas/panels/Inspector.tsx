import { useEffect } from 'react';
import { countsAsManualBecause } from '../../core/analyzer';
import { HANDOFFS, STEP_KINDS, type Join, type StallMap, type Step } from '../../core/model';
import { useStore } from '../../store';
import { KIND_STYLES, OWNED_KINDS } from '../nodes/kinds';
import { Comments } from '../review/Comments';
import { useSession } from '../SessionContext';
import { ArrivalFields } from './ArrivalFields';
import { CheckField } from './CheckField';
import { durationField, Field, shareField, textField } from './fields';
import { focusWhenDrawn } from '../focusWhenDrawn';
import { MapInspector } from './MapInspector';
import { StepJoins } from './StepJoins';
import { VerifiesPicker } from './VerifiesPicker';

const LABEL = textField(200, true);
const NAME = textField(120);
const LONG = textField(5000);
const OPTIONAL_LABEL = textField(200);

/** Edit every field of the selected step or join (or the map, with nothing selected). */
export function Inspector({ map, editable }: { map: StallMap; editable: boolean }) {
  const selection = useStore((s) => s.selection);
  const step = selection.length === 1 ? map.steps.find((s) => s.id === selection[0]) : undefined;
  const join = selection.length === 1 && !step ? map.joins.find((j) => j.id === selection[0]) : undefined;
  useFocusRequest();
  return (
    <aside className="inspector" aria-label="Inspector">
      {step ? (
        <StepInspector key={step.id} step={step} steps={map.steps} joins={map.joins} readOnly={!editable} />
      ) : join ? (
        <JoinInspector key={join.id} join={join} map={map} readOnly={!editable} />
      ) : selection.length > 1 ? (
        <MultiInspector count={selection.length} editable={editable} />
      ) : (
        <MapInspector map={map} readOnly={!editable} />
      )}
    </aside>
  );
}

function StepInspector({ step, steps, joins, readOnly }: { step: Step; steps: Step[]; joins: Join[]; readOnly: boolean }) {
  const { commands } = useSession();
  const set = (fields: Partial<Step>) => commands.updateStep(step.id, fields);
  const checks = step.kind === 'verification' || step.kind === 'approval';
  return (
    <section>
      <h2 tabIndex={-1}>{KIND_STYLES[step.kind].label} step</h2>
      <p className="inspector-id">id {step.id}</p>
      <Field label="Label" name="label" value={step.label} {...LABEL} commit={(label) => label && set({ label })} readOnly={readOnly} live />
      <ArrivalFields step={step} readOnly={readOnly} />
      <div className="field">
        <label htmlFor={`kind-${step.id}`}>Kind</label>
        <select id={`kind-${step.id}`} name="kind" value={step.kind} disabled={readOnly} onChange={(e) => set({ kind: e.target.value as Step['kind'] })}>
          {STEP_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_STYLES[kind].label}: {KIND_STYLES[kind].hint}
            </option>
          ))}
        </select>
      </div>
      {OWNED_KINDS.has(step.kind) && (
        <>
          <Field label="Owner (whose name is on the outcome)" name="owner" value={step.owner} {...NAME} commit={(owner) => set({ owner })} readOnly={readOnly} placeholder="a person or role" live />
          <Field label="Performer (who does it)" name="performer" value={step.performer} {...NAME} commit={(performer) => set({ performer })} readOnly={readOnly} live />
          <Field label="Work per item" name="workMinutes" value={step.workMinutes} {...durationField} commit={(workMinutes) => set({ workMinutes })} readOnly={readOnly} placeholder="e.g. 45m, 2h, 3d" hint="hands-on or processing time" />
        </>
      )}
      {step.kind !== 'start' && (
        <Field label="Wait before it starts" name="waitMinutes" value={step.waitMinutes} {...durationField} commit={(waitMinutes) => set({ waitMinutes })} readOnly={readOnly} placeholder="e.g. 4h" hint="time in the queue" />
      )}
      {step.kind === 'ai' && (
        <>
          <Field label="By hand, without AI" name="manualMinutes" value={step.manualMinutes} {...durationField} commit={(manualMinutes) => set({ manualMinutes })} readOnly={readOnly} placeholder="e.g. 45m" hint="what a person needed for the same work" />
          <Field label="Override rate" name="overrideRate" value={step.overrideRate} {...shareField} commit={(overrideRate) => set({ overrideRate })} readOnly={readOnly} placeholder="e.g. 10%" hint="share of outputs reviewers override" />
        </>
      )}
      {step.kind === 'verification' && (
        <Field label="Sample rate" name="sampleRate" value={step.sampleRate} {...shareField} commit={(sampleRate) => set({ sampleRate })} readOnly={readOnly} placeholder="100%" hint="share of items checked (default 100%)" />
      )}
      {checks && <VerifiesPicker step={step} steps={steps} joins={joins} readOnly={readOnly} />}
      {step.kind !== 'start' && step.kind !== 'end' && (
        <CheckField
          label="Happens outside the organisation"
          name="external"
          checked={step.external}
          commit={(external) => set({ external })}
          readOnly={readOnly}
          hint="a payer, a supplier, a regulator: counts in the lead time, never proposed as a gate"
        />
      )}
      <Field label="Notes" name="notes" value={step.notes} {...LONG} commit={(notes) => set({ notes })} readOnly={readOnly} multiline live />
      <StepJoins step={step} steps={steps} joins={joins} />
      {!readOnly && <ElementActions ids={[step.id]} duplicable />}
      <h3>Comments</h3>
      <Comments target={step.id} />
    </section>
  );
}

function JoinInspector({ join, map, readOnly }: { join: Join; map: StallMap; readOnly: boolean }) {
  const { commands } = useSession();
  const select = useStore((s) => s.select);
  const set = (fields: Partial<Join>) => commands.updateJoin(join.id, fields);
  const label = (id: string) => map.steps.find((s) => s.id === id)?.label ?? id;
  // Either end opens in the inspector: with StepJoins, the keyboard's way along the map's joins.
  const end = (id: string) => (
    <button
      type="button"
      className="link-button"
      onClick={() => {
        select([id]);
        focusWhenDrawn('.inspector h2');
      }}
    >
      {label(id)}
    </button>
  );
  // Said on the join as in its finding: a join marked System or Meeting that touches a hand-off step is manual.
  const because = countsAsManualBecause(join, map.steps.find((s) => s.id === join.from), map.steps.find((s) => s.id === join.to));
  return (
    <section>
      <h2 tabIndex={-1}>Join</h2>
      <p className="inspector-id">
        {end(join.from)} → {end(join.to)}
      </p>
      <div className="field">
        <label htmlFor={`handoff-${join.id}`}>Handoff</label>
        <select
          id={`handoff-${join.id}`}
          name="handoff"
          value={join.handoff}
          disabled={readOnly}
          aria-describedby={because ? `handoff-reason-${join.id}` : undefined}
          onChange={(e) => set({ handoff: e.target.value as Join['handoff'] })}
        >
          {HANDOFFS.map((h) => (
            <option key={h} value={h}>
              {HANDOFF_HINTS[h]}
            </option>
          ))}
        </select>
        {because && (
          <p className="field-hint handoff-reason" id={`handoff-reason-${join.id}`}>
            {because.charAt(0).toUpperCase() + because.slice(1)}
          </p>
        )}
      </div>
      <Field label="Wait in transit" name="waitMinutes" value={join.waitMinutes} {...durationField} commit={(waitMinutes) => set({ waitMinutes })} readOnly={readOnly} placeholder="e.g. 1h, 3d" />
      <Field
        label={join.rework ? 'Rework rate' : 'Share of items taking this way'}
        name="share"
        value={join.share}
        {...shareField}
        commit={(share) => set({ share })}
        readOnly={readOnly}
        placeholder="e.g. 40%"
        hint={join.rework ? `share of the items at ${label(join.from)} sent back to ${label(join.to)}` : `at a choice: the share of items leaving ${label(join.from)} that go this way`}
      />
      <CheckField
        label="Sends the item back to be done again"
        name="rework"
        checked={join.rework}
        commit={(rework) => set({ rework })}
        readOnly={readOnly}
        hint="a rework loop: its share is the rework rate"
      />
      <Field label="How it moves" name="label" value={join.label} {...OPTIONAL_LABEL} commit={(value) => set({ label: value })} readOnly={readOnly} placeholder="e.g. emailed, re-keyed" live />
      <Field label="Notes" name="notes" value={join.notes} {...LONG} commit={(notes) => set({ notes })} readOnly={readOnly} multiline live />
      {!readOnly && <ElementActions ids={[join.id]} />}
      <h3>Comments</h3>
      <Comments target={join.id} />
    </section>
  );
}

/** Focuses the field someone asked for (a finding's field at fault: an input, a select or a list), once. */
function useFocusRequest() {
  const focusField = useStore((s) => s.focusField);
  const focus = useStore((s) => s.focus);
  useEffect(() => {
    if (!focusField) return;
    const field = document.querySelector<HTMLElement>(`.inspector [name="${CSS.escape(focusField)}"]`);
    field?.focus();
    if (field instanceof HTMLInputElement) field.select();
    focus(null);
  }, [focusField, focus]);
}

const HANDOFF_HINTS = {
  system: 'System: no person involved (API, queue, event)',
  manual: 'Manual: a person moves it (email, copy-paste, re-keying)',
  meeting: 'Meeting: it waits for a scheduled forum',
} as const;

function MultiInspector({ count, editable }: { count: number; editable: boolean }) {
  const selection = useStore((s) => s.selection);
  return (
    <section>
      <h2>{count} selected</h2>
      {editable && <ElementActions ids={selection} duplicable />}
    </section>
  );
}

function ElementActions({ ids, duplicable }: { ids: string[]; duplicable?: boolean }) {
  const { commands } = useSession();
  const select = useStore((s) => s.select);
  return (
    <div className="inspector-actions">
      {duplicable && (
        <button type="button" onClick={() => select([...commands.duplicate(ids).values()])} title="Duplicate (Ctrl+D)">
          Duplicate
        </button>
      )}
      <button
        type="button"
        className="danger"
        onClick={() => {
          commands.deleteElements(ids);
          select([]);
        }}
        title="Delete (Del)"
      >
        Delete
      </button>
    </div>
  );
}
