import type { ChangeMark, ElementChange, FieldChange } from '../../core/analyzer/compare-states';
import type { StallMap } from '../../core/model';
import { formatDuration } from '../../core/model/duration';

/** The mark's word on a step or join, and in the legend. */
export const MARK_WORDS: Readonly<Record<ChangeMark, string>> = {
  removed: 'Removed',
  added: 'Added',
  handoff: 'Hand-off',
  owner: 'Owner',
  duration: 'Time',
  changed: 'Changed',
};

/** What each mark means, for the legend's tooltips. */
export const MARK_HINTS: Readonly<Record<ChangeMark, string>> = {
  removed: 'In today’s map, not in the redesign',
  added: 'New in the redesign',
  handoff: 'A join whose hand-off changed (manual, meeting or system)',
  owner: 'A step with another owner',
  duration: 'Work, wait or by-hand minutes changed',
  changed: 'Another field changed: a label, a kind, a sample rate, a join’s route',
};

const FIELD_WORDS: Readonly<Record<string, string>> = {
  owner: 'owner',
  workMinutes: 'work',
  waitMinutes: 'wait',
  manualMinutes: 'by hand',
  handoff: 'hand-off',
  kind: 'kind',
  label: 'label',
  performer: 'performer',
  sampleRate: 'checks',
  overrideRate: 'override rate',
  verifies: 'checks the work of',
  external: 'outside the organisation',
  description: 'description',
  notes: 'notes',
  from: 'from',
  to: 'to',
  share: 'share',
  rework: 'rework',
};

const DURATIONS = new Set(['workMinutes', 'waitMinutes', 'manualMinutes']);
const SHARES = new Set(['sampleRate', 'overrideRate', 'share']);

/** What a change says, field by field ("owner: TBD → Named counsel; work: 2m → 1m"), steps by name. */
export const changeDetail = (change: ElementChange, names: (id: string) => string) => change.fields.map((f) => fieldText(f, names)).join('; ');

/** "owner: TBD → Named legal counsel", "wait: 2d 22h 39m → 14h 44m", values in the product's units. */
export function fieldText(change: FieldChange, names: (id: string) => string): string {
  const value = (v: FieldChange['before']) => {
    if (v === undefined || v === '') return 'none';
    if (typeof v === 'number' && DURATIONS.has(change.field)) return formatDuration(v) || '0m';
    if (typeof v === 'number' && SHARES.has(change.field)) return `${Math.round(v * 100)}%`;
    if (typeof v === 'boolean') return v ? 'yes' : 'no';
    if (change.field === 'from' || change.field === 'to' || change.field === 'verifies') return String(v).split(' ').map(names).join(', ');
    // Long texts (a description, notes) are named as changed, not quoted whole.
    return String(v).length > 60 ? `${String(v).slice(0, 57)}…` : String(v);
  };
  return `${FIELD_WORDS[change.field] ?? change.field}: ${value(change.before)} → ${value(change.after)}`;
}

/** What a step or join is called, from whichever state holds it: "Legal review", "Draft copy with AI → Editor polishes". */
export function elementName(change: ElementChange, names: (id: string) => string): string {
  const element = change.after ?? change.before;
  if (!element) return change.id;
  if ('kind' in element) return element.label;
  if (element.label) return element.label;
  return `${names(element.from)} → ${names(element.to)}`;
}

/**
 * A step's label by its id, the redesign's where both states have it: looked up in one index, as
 * a comparison of thousands of steps names each change (a search of both states per name was
 * most of a remote edit's cost in the compare view of a large map).
 */
export function stepNames(now: StallMap, redesign: StallMap): (id: string) => string {
  const labels = new Map<string, string>();
  for (const step of [...now.steps, ...redesign.steps]) labels.set(step.id, step.label);
  return (id) => labels.get(id) ?? id;
}
