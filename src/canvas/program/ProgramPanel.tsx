import { useState } from 'react';
import { type Program, programSchema } from '../../core/model';
import { toSchemaErrors } from '../../core/model/errors';
import { useStore } from '../../store';
import { useSession } from '../SessionContext';
import { changedOnto } from './changedOnto';
import { ModalDialog } from '../panels/ModalDialog';

type Measure = NonNullable<Program['measures']>[number];
const EMPTY_MEASURE: Measure = { name: '', target: '', owner: '', cadence: '' };

/** A form's text as the format keeps it: trimmed, and absent when empty. */
const optional = (text: string | undefined) => (text?.trim() ? text.trim() : undefined);

/** The program as the form holds it, back to the format: empty fields left out, so a cleared field is cleared. */
function toProgram(sponsor: string, lead: string, milestone: { text: string; due: string }, measures: Measure[]): Program {
  const program: Program = {};
  if (optional(sponsor)) program.sponsor = optional(sponsor);
  if (optional(lead)) program.lead = optional(lead);
  if (optional(milestone.text) || optional(milestone.due)) program.milestone = { text: milestone.text.trim(), due: milestone.due.trim() };
  const kept = measures
    .filter((m) => optional(m.name))
    .map((m) => Object.fromEntries(Object.entries({ name: m.name.trim(), target: optional(m.target), owner: optional(m.owner), cadence: optional(m.cadence) }).filter(([, v]) => v !== undefined)) as Measure);
  if (kept.length) program.measures = kept;
  return program;
}

/**
 * The people and promises around the rollout, map-level: the sponsor, the single program lead,
 * the 90-day milestone (one binary thing in production by a date) and what is measured after
 * launch. Editors change it (one undoable change per save); everyone else reads it.
 */
export function ProgramPanel({ onClose }: { onClose(): void }) {
  const { commands } = useSession();
  const editable = useStore((s) => s.role === 'edit');
  const program = useStore((s) => s.map?.program) ?? {};
  const [sponsor, setSponsor] = useState(program.sponsor ?? '');
  const [lead, setLead] = useState(program.lead ?? '');
  const [milestone, setMilestone] = useState({ text: program.milestone?.text ?? '', due: program.milestone?.due?.slice(0, 10) ?? '' });
  const [measures, setMeasures] = useState<Measure[]>(program.measures?.length ? program.measures : []);
  const [problems, setProblems] = useState<string[]>([]);
  // The program as the dialog opened on it: a save writes only the parts changed here.
  const [opened] = useState(() => toProgram(sponsor, lead, milestone, measures));
  const setMeasure = (i: number, patch: Partial<Measure>) => setMeasures((list) => list.map((m, j) => (j === i ? { ...m, ...patch } : m)));

  const save = () => {
    const current = useStore.getState().map?.program ?? {};
    const value = changedOnto(current, opened, toProgram(sponsor, lead, milestone, measures));
    const parsed = programSchema.safeParse(value);
    if (!parsed.success) {
      setProblems(toSchemaErrors(parsed.error).map((e) => `${e.path}: ${e.message}`));
      return;
    }
    setProblems([]);
    commands.setMapValue('program', Object.keys(parsed.data).length ? parsed.data : undefined);
    onClose();
  };

  return (
    <ModalDialog className="program-panel" labelledBy="program-title" onClose={onClose}>
      {/* The dialog holds the form: a <form> may not take the dialog's role. */}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (editable) save();
        }}
      >
        <h2 id="program-title">Program</h2>
        <p className="field-hint">Who sponsors the rollout, who leads it, what is in production in 90 days, and what is measured after launch. The plan's first page shows them.</p>
        <fieldset disabled={!editable}>
          <label>
            Sponsor (chairs the steering)
            <input name="sponsor" value={sponsor} maxLength={120} onChange={(e) => setSponsor(e.target.value)} placeholder="e.g. Chief Operating Officer" />
          </label>
          <label>
            Program lead (accountable for the production date)
            <input name="lead" value={lead} maxLength={120} onChange={(e) => setLead(e.target.value)} placeholder="e.g. Dana Ortiz" />
          </label>
          <label>
            90-day milestone (one binary thing in production)
            <input name="milestone" value={milestone.text} maxLength={500} onChange={(e) => setMilestone({ ...milestone, text: e.target.value })} placeholder="e.g. Summaries go to the paralegal by API" />
          </label>
          <label>
            Due
            <input name="due" type="date" value={milestone.due} onChange={(e) => setMilestone({ ...milestone, due: e.target.value })} />
          </label>
          <h3>Measured after launch</h3>
          {measures.length === 0 && <p className="field-hint">No measures yet.</p>}
          {measures.map((m, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; they are edited in place and removed by position
            <div className="measure-row" key={i} data-measure={i}>
              <input aria-label="Measure" name="measure-name" value={m.name} maxLength={200} onChange={(e) => setMeasure(i, { name: e.target.value })} placeholder="Measure" />
              <input aria-label="Target" name="measure-target" value={m.target ?? ''} maxLength={200} onChange={(e) => setMeasure(i, { target: e.target.value })} placeholder="Target" />
              <input aria-label="Owner" name="measure-owner" value={m.owner ?? ''} maxLength={120} onChange={(e) => setMeasure(i, { owner: e.target.value })} placeholder="Who measures" />
              <input aria-label="Cadence" name="measure-cadence" value={m.cadence ?? ''} maxLength={120} onChange={(e) => setMeasure(i, { cadence: e.target.value })} placeholder="How often" />
              <button type="button" onClick={() => setMeasures((list) => list.filter((_, j) => j !== i))} aria-label="Remove measure">
                Remove
              </button>
            </div>
          ))}
          {measures.length < 50 && (
            <button type="button" onClick={() => setMeasures((list) => [...list, { ...EMPTY_MEASURE }])}>
              Add a measure
            </button>
          )}
        </fieldset>
        {problems.length > 0 && (
          <ul className="form-problems" role="alert">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        {!editable && <p className="field-hint">Only editors change the program.</p>}
        <div className="dialog-actions">
          {editable && <button type="submit">Save program</button>}
          <button type="button" onClick={onClose}>
            {editable ? 'Cancel' : 'Close'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
