import { useMemo, useState } from 'react';
import type { Join, Step } from '../../core/model';
import { useSession } from '../SessionContext';

/** A check among this many work steps lists them all, in the map's order. */
const LISTED_WHOLE = 12;
/** Among more, it lists the chosen ones and this many others: the nearest upstream, or those found. */
const LISTED = 8;

/**
 * "Checks the output of": the work steps a verification or approval step checks (`verifies`).
 * On a small map every work step is a box to tick. On a large one a list of every step is no
 * choice at all (and 5,000 boxes made selecting a check a task of half a second), so the picker
 * lists what is chosen and the steps nearest upstream, which a check most often checks, and a
 * search finds any other by its label.
 */
export function VerifiesPicker({ step, steps, joins, readOnly }: { step: Step; steps: Step[]; joins: Join[]; readOnly: boolean }) {
  const { commands } = useSession();
  const [query, setQuery] = useState('');
  const candidates = useMemo(() => steps.filter((s) => s.id !== step.id && s.kind !== 'start' && s.kind !== 'end'), [steps, step.id]);
  const upstream = useMemo(() => nearestFirstUpstream(step.id, joins), [step.id, joins]);
  const chosen = new Set(step.verifies ?? []);
  const whole = candidates.length <= LISTED_WHOLE;
  const { listed, more } = whole ? { listed: candidates, more: 0 } : pick(candidates, chosen, upstream, query);
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    commands.updateStep(step.id, { verifies: next.size ? candidates.map((s) => s.id).filter((c) => next.has(c)) : undefined });
  };
  return (
    <fieldset className="field verifies" name="verifies">
      <legend>Checks the output of</legend>
      {candidates.length === 0 && <p className="field-hint">No other work steps yet.</p>}
      {!whole && <input type="search" name="verifies-search" aria-label="Find a step it checks" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Find a step by its label" />}
      {listed.map((s) => (
        <label key={s.id} className="check">
          <input type="checkbox" checked={chosen.has(s.id)} disabled={readOnly} onChange={() => toggle(s.id)} />
          {s.label}
        </label>
      ))}
      {!whole && query.trim() !== '' && listed.every((s) => chosen.has(s.id)) && <p className="field-hint">No other step's label has "{query.trim()}".</p>}
      {more > 0 && <p className="field-hint">{more.toLocaleString('en')} more{query.trim() ? ' match: type more of the label' : ': find one by its label'}.</p>}
      <p className="field-hint">None chosen: the nearest AI steps upstream.</p>
    </fieldset>
  );
}

/**
 * What a long picker lists: every chosen step, then up to LISTED others, those whose label has
 * `query` (any case) or, with no query, the nearest upstream first, then the rest in map order;
 * `more` counts the others it leaves out. One pass over the steps, no sort: it runs on every
 * change to the map while a check is selected.
 */
function pick(candidates: readonly Step[], chosen: ReadonlySet<string>, upstream: readonly string[], query: string) {
  const needle = query.trim().toLowerCase();
  const others = candidates.filter((s) => !chosen.has(s.id) && (!needle || s.label.toLowerCase().includes(needle)));
  let shown = others.slice(0, LISTED);
  if (!needle) {
    const open = new Map(others.map((s) => [s.id, s]));
    const near: Step[] = [];
    for (const id of upstream) {
      if (near.length === LISTED) break;
      const step = open.get(id);
      if (step) near.push(step);
    }
    const taken = new Set(near);
    shown = [...near, ...others.filter((s) => !taken.has(s)).slice(0, LISTED - near.length)];
  }
  return { listed: [...candidates.filter((s) => chosen.has(s.id)), ...shown], more: Math.max(0, others.length - LISTED) };
}

/** The steps upstream of `id`, nearest first: those joined straight into it, then those joined into them, and so on. */
function nearestFirstUpstream(id: string, joins: readonly Join[]): string[] {
  const into = new Map<string, string[]>();
  for (const join of joins) {
    const from = into.get(join.to);
    if (from) from.push(join.from);
    else into.set(join.to, [join.from]);
  }
  const seen = new Set([id]);
  const order: string[] = [];
  for (let at = 0, frontier = [id]; at < frontier.length; at += 1)
    for (const from of into.get(frontier[at]) ?? []) {
      if (seen.has(from)) continue;
      seen.add(from);
      order.push(from);
      frontier.push(from);
    }
  return order;
}
