import type { Join, Step } from '../model';

/**
 * What the redesign changed, element by element. The two states share ids (starting a redesign
 * copies today's steps and joins, and new ids are unique across both states), so an element is
 * matched by id alone: a step with today's id that is no longer in the redesign was removed, one
 * whose id only the redesign holds was added, and one in both is compared field by field.
 *
 * The marks are what a redesign workshop decides: which steps go or come, which hand-offs change
 * (an email becomes an API call, a committee becomes a named decision), who owns what, and how long
 * work and waits take. Other edits (a label, a kind, a sample rate, a join's route) are listed as
 * changes too, under `changed`, so nothing the team did is hidden; moving a step is not a change.
 */
export type ChangeMark = 'removed' | 'added' | 'handoff' | 'owner' | 'duration' | 'changed';

/** One field that differs, values as the map holds them (undefined: not set). */
export interface FieldChange {
  field: string;
  before: string | number | boolean | undefined;
  after: string | number | boolean | undefined;
}

export interface ElementChange {
  id: string;
  element: 'step' | 'join';
  marks: ChangeMark[];
  /** The element today (absent when it was added). */
  before?: Step | Join;
  /** The element as redesigned (absent when it was removed). */
  after?: Step | Join;
  /** For an element in both states: each field that differs, in the order the format lists them. */
  fields: FieldChange[];
}

export interface StateComparison {
  /** Every step or join that differs, today's order first, then the redesign's additions. */
  changes: ElementChange[];
  /** How many elements carry each mark (an element with two marks counts under both). */
  counts: Record<ChangeMark, number>;
}

interface State {
  steps: readonly Step[];
  joins: readonly Join[];
}

const STEP_OWNER: readonly (keyof Step)[] = ['owner'];
const STEP_DURATIONS: readonly (keyof Step)[] = ['workMinutes', 'waitMinutes', 'manualMinutes'];
const STEP_OTHER: readonly (keyof Step)[] = ['kind', 'label', 'performer', 'sampleRate', 'overrideRate', 'verifies', 'external', 'description', 'notes'];
const JOIN_HANDOFF: readonly (keyof Join)[] = ['handoff'];
const JOIN_DURATIONS: readonly (keyof Join)[] = ['waitMinutes'];
const JOIN_OTHER: readonly (keyof Join)[] = ['from', 'to', 'label', 'share', 'rework', 'notes'];

/**
 * What earlier comparisons found, by the objects they compared: an element whose two objects are
 * the ones compared last time (an edit elsewhere leaves them as they were, the page's map keeps
 * unchanged elements' objects) is not compared again, and keeps its change object, so a view can
 * tell by identity what it must draw again. Forgets what the maps no longer hold by itself.
 */
export class ComparisonMemo {
  /** Today's element: the redesign's element it was compared with (none: removed) and the change found (none: the same). */
  readonly compared = new WeakMap<Step | Join, { after: Step | Join | undefined; change: ElementChange | undefined }>();
  /** The redesign's element that today lacks: its change. */
  readonly added = new WeakMap<Step | Join, ElementChange>();
}

/**
 * Today's state against the redesign, by id. The same answer with or without a memo (which only
 * saves comparing again what an earlier call compared): the compare view marks and the tests
 * read the same answer.
 */
export function compareStates(now: State, redesign: State, memo?: ComparisonMemo): StateComparison {
  const changes = [
    ...compareElements(
      'step',
      now.steps,
      redesign.steps,
      [
        ['owner', STEP_OWNER],
        ['duration', STEP_DURATIONS],
        ['changed', STEP_OTHER],
      ],
      memo,
    ),
    ...compareElements(
      'join',
      now.joins,
      redesign.joins,
      [
        ['handoff', JOIN_HANDOFF],
        ['duration', JOIN_DURATIONS],
        ['changed', JOIN_OTHER],
      ],
      memo,
    ),
  ];
  const counts: Record<ChangeMark, number> = { removed: 0, added: 0, handoff: 0, owner: 0, duration: 0, changed: 0 };
  for (const change of changes) for (const mark of change.marks) counts[mark] += 1;
  return { changes, counts };
}

/** The marks of each changed id, for drawing: an id absent here is the same in both states. */
export function marksById(comparison: StateComparison): Map<string, ChangeMark[]> {
  return new Map(comparison.changes.map((c) => [c.id, c.marks]));
}

function compareElements<T extends Step | Join>(
  element: 'step' | 'join',
  before: readonly T[],
  after: readonly T[],
  groups: readonly [ChangeMark, readonly string[]][],
  memo: ComparisonMemo | undefined,
): ElementChange[] {
  const redesigned = new Map(after.map((e) => [e.id, e]));
  const today = new Set(before.map((e) => e.id));
  const out: ElementChange[] = [];
  for (const old of before) {
    const next = redesigned.get(old.id);
    const known = memo?.compared.get(old);
    let change = known?.change;
    if (!known || known.after !== next) {
      change = compareElement(element, old, next, groups);
      memo?.compared.set(old, { after: next, change });
    }
    if (change) out.push(change);
  }
  for (const added of after) {
    if (today.has(added.id)) continue;
    let change = memo?.added.get(added);
    if (!change) {
      change = { id: added.id, element, marks: ['added'], after: added, fields: [] };
      memo?.added.set(added, change);
    }
    out.push(change);
  }
  return out;
}

/** One element today against its redesigned self (none: removed); undefined if nothing the format lists differs. */
function compareElement(element: 'step' | 'join', old: Step | Join, next: Step | Join | undefined, groups: readonly [ChangeMark, readonly string[]][]): ElementChange | undefined {
  if (!next) return { id: old.id, element, marks: ['removed'], before: old, fields: [] };
  const marks: ChangeMark[] = [];
  const fields: FieldChange[] = [];
  for (const [mark, names] of groups) {
    for (const field of names) {
      const a = fieldValue(element, old, field);
      const b = fieldValue(element, next, field);
      if (same(a, b)) continue;
      fields.push({ field, before: shown(a), after: shown(b) });
      if (!marks.includes(mark)) marks.push(mark);
    }
  }
  return marks.length ? { id: old.id, element, marks, before: old, after: next, fields } : undefined;
}

/** A field's value as the analyzer reads it: a join without a hand-off is manual, a blank owner is none. */
function fieldValue(element: 'step' | 'join', value: Step | Join, field: string): unknown {
  const raw = (value as unknown as Record<string, unknown>)[field];
  if (element === 'join' && field === 'handoff') return raw ?? 'manual';
  if (typeof raw === 'string') return raw.trim() === '' ? undefined : raw.trim();
  return raw;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
  return a === b;
}

function shown(value: unknown): FieldChange['before'] {
  if (Array.isArray(value)) return value.join(' ');
  return value as FieldChange['before'];
}
