import type * as Y from 'yjs';
import type { Handoff, Join, Position, StallMap, Step, StepKind } from '../core/model';
import { itemFromFields, itemOf, joinsOf, metaOf, redesignJoinsOf, redesignStepsOf, stepsOf, writeMap, type ItemMap } from './doc';
import { joinIdFor, newId } from './ids';
import { fitsAfterReplace } from './replaced-size';
import { LOCAL_ORIGIN } from './origin';
import { sameValue } from './sameValue';
import { type WriteAccess, writeGuard } from './writeGuard';

/**
 * Every change to a map is one of these named commands: one transaction with the local origin,
 * shared by toolbar, shortcuts and menus, so each is one step of undo.
 */
export type StepFields = Partial<Omit<Step, 'id'>>;
/** Map-level values in the map doc's meta (the team's assessment lives in the review doc: reviewCommands.score). */
export type MapValues = Pick<StallMap, 'volumePerWeek' | 'costPerHour' | 'program' | 'settings'>;
export type JoinFields = Partial<Omit<Join, 'id' | 'from' | 'to'>>;

const DEFAULT_LABELS: Record<StepKind, string> = {
  start: 'Trigger',
  end: 'Outcome',
  human: 'Human step',
  ai: 'AI step',
  system: 'System step',
  approval: 'Approval',
  verification: 'Check',
  handoff: 'Hand-off',
};

/** The two states a map holds: the workflow as it is, and as the team redesigned it. */
export type WorkflowState = 'now' | 'redesign';

/**
 * `undo` is told where one change ends: a discrete command (add, connect, delete, duplicate,
 * replace) is always its own undo step, while edits in a stream (typing, a drag) merge.
 * With `access`, a command the page may not make, or that would grow the map past the server's
 * limits, writes nothing (and returns no id, or no copies) and says why (writeGuard.ts).
 */
export function createCommands(doc: Y.Doc, undo?: Pick<Y.UndoManager, 'stopCapturing'>, access?: WriteAccess, state: () => WorkflowState = () => 'now') {
  const meta = metaOf(doc);
  // The state a step or join command changes is the one on screen when it runs: every caller
  // (canvas, inspector, shortcuts) edits the redesign while it is shown, without knowing it.
  const now = { steps: stepsOf(doc), joins: joinsOf(doc) };
  const redesign = { steps: redesignStepsOf(doc), joins: redesignJoinsOf(doc) };
  const items = () => (state() === 'redesign' ? redesign : now);
  /** Checked before any id is taken or any transaction opened. */
  const { allowed, fits, fitsBytes, size } = writeGuard(doc, access);
  // Every write passes here too, so a command added later without its own check is refused as well.
  const transact = (fn: () => void) => {
    if (allowed('write')) doc.transact(fn, LOCAL_ORIGIN);
  };
  const discrete = (fn: () => void) => {
    undo?.stopCapturing();
    transact(fn);
    undo?.stopCapturing();
  };
  // An id is never reused across the two states: the comparison matches elements by id, so a step
  // added to the redesign must not take the id of one the redesign removed.
  const taken = (id: string) => [now, redesign].some(({ steps, joins }) => steps.has(id) || joins.has(id));

  /** Sets the given fields; `undefined` (or '') removes an optional field. */
  const patch = (item: ItemMap | undefined, fields: Record<string, unknown>) => {
    if (!item) return;
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined || value === '') item.delete(key);
      else if (!sameValue(item.get(key), value)) item.set(key, value);
    }
  };

  return {
    addStep(kind: StepKind, position: Position, fields: StepFields = {}): string | undefined {
      const { steps } = items();
      if (!allowed('addStep') || !fits('addStep', { steps: 1 })) return undefined;
      const id = newId(kind, taken);
      discrete(() => steps.set(id, itemFromFields({ kind, label: DEFAULT_LABELS[kind], position, ...fields })));
      return id;
    },

    updateStep(id: string, fields: StepFields): void {
      const { steps } = items();
      if (!allowed('updateStep')) return;
      transact(() => patch(itemOf(steps.get(id)), fields));
    },

    /** Positions of many steps in one transaction: a drag frame, or a whole auto-layout. */
    moveSteps(positions: Record<string, Position>): void {
      const { steps } = items();
      if (!allowed('moveSteps')) return;
      transact(() => {
        for (const [id, position] of Object.entries(positions)) {
          const step = itemOf(steps.get(id));
          // One plain {x, y} value, never two keys: Y.Map keeps a tombstone per overwritten key (docs/architecture.md).
          if (step) step.set('position', { x: Math.round(position.x), y: Math.round(position.y) });
        }
      });
    },

    connect(from: string, to: string, handoff: Handoff = 'manual'): string | undefined {
      const { steps, joins } = items();
      if (!allowed('connect')) return undefined;
      if (!steps.has(from) || !steps.has(to)) return undefined;
      const fromKind = itemOf(steps.get(from))?.get('kind');
      const toKind = itemOf(steps.get(to))?.get('kind');
      if (fromKind === 'end' || toKind === 'start') return undefined;
      for (const [id, value] of joins) {
        const join = itemOf(value);
        if (join?.get('from') === from && join.get('to') === to) return id;
      }
      if (!fits('connect', { joins: 1 })) return undefined;
      // Named by its two steps, so that the same join made on two pages at once is one join (ids.ts).
      const named = joinIdFor(from, to);
      const id = taken(named) ? newId('j', taken) : named;
      discrete(() => joins.set(id, itemFromFields({ from, to, handoff })));
      return id;
    },

    updateJoin(id: string, fields: JoinFields): void {
      const { joins } = items();
      if (!allowed('updateJoin')) return;
      transact(() => patch(itemOf(joins.get(id)), fields));
    },

    /** Deletes steps and joins; a deleted step takes its joins with it, and leaves other steps' `verifies`. */
    deleteElements(ids: Iterable<string>): void {
      const { steps, joins } = items();
      if (!allowed('deleteElements')) return;
      const doomed = new Set(ids);
      discrete(() => {
        for (const id of doomed) steps.delete(id);
        for (const [id, value] of [...joins]) {
          const join = itemOf(value);
          if (doomed.has(id) || doomed.has(join?.get('from') as string) || doomed.has(join?.get('to') as string)) joins.delete(id);
        }
        for (const value of steps.values()) {
          const step = itemOf(value);
          const verifies = step?.get('verifies');
          if (Array.isArray(verifies) && verifies.some((v) => doomed.has(v))) {
            step?.set('verifies', verifies.filter((v) => !doomed.has(v)));
          }
        }
      });
    },

    /** Copies steps (offset a little) and the joins between them; returns the new ids, old id → new id. */
    duplicate(ids: Iterable<string>, offset: Position = { x: 40, y: 40 }): Map<string, string> {
      const { steps, joins } = items();
      const copies = new Map<string, string>();
      if (!allowed('duplicate')) return copies;
      const chosen = new Set([...ids].filter((id) => itemOf(steps.get(id))));
      const joinsAmong = [...joins.values()].filter((value) => {
        const join = itemOf(value);
        return chosen.has(join?.get('from') as string) && chosen.has(join?.get('to') as string);
      });
      if (!fits('duplicate', { steps: chosen.size, joins: joinsAmong.length })) return copies;
      discrete(() => {
        for (const id of chosen) {
          const step = itemOf(steps.get(id));
          if (!step) continue;
          const fields = step.toJSON() as Omit<Step, 'id'>;
          const copyId = newId(String(fields.kind ?? 'step'), taken);
          const at = fields.position ?? { x: 0, y: 0 };
          steps.set(copyId, itemFromFields({ ...fields, position: { x: at.x + offset.x, y: at.y + offset.y } }));
          copies.set(id, copyId);
        }
        for (const value of joinsAmong) {
          const join = itemOf(value);
          const from = copies.get(join?.get('from') as string);
          const to = copies.get(join?.get('to') as string);
          if (join && from && to) joins.set(newId('j', taken), itemFromFields({ ...(join.toJSON() as Join), from, to }));
        }
      });
      return copies;
    },

    /**
     * The next step after `from`, joined to it, as one change (one undo step): the canvas's
     * "add next" buttons. Returns the new step's and join's ids.
     */
    addNext(from: string, kind: StepKind, position: Position, handoff: Handoff = 'manual'): { step: string; join: string } | undefined {
      const { steps, joins } = items();
      if (!allowed('addNext')) return undefined;
      const source = itemOf(steps.get(from));
      if (!source || source.get('kind') === 'end' || kind === 'start') return undefined;
      if (!fits('addNext', { steps: 1, joins: 1 })) return undefined;
      const step = newId(kind, taken);
      const join = newId('j', (id) => id === step || taken(id));
      discrete(() => {
        steps.set(step, itemFromFields({ kind, label: DEFAULT_LABELS[kind], position }));
        joins.set(join, itemFromFields({ from, to: step, handoff }));
      });
      return { step, join };
    },

    /**
     * Adds copies of steps and of the joins among them (a paste, from this map or another), moved
     * by `offset`, under new ids; returns old id → new id. A join to a step not pasted is left out,
     * and a check keeps only the `verifies` among the pasted steps.
     */
    insert(pasted: { steps: readonly Step[]; joins: readonly Join[] }, offset: Position): Map<string, string> {
      const { steps, joins } = items();
      const copies = new Map<string, string>();
      if (!allowed('paste')) return copies;
      const pastedIds = new Set(pasted.steps.map((step) => step.id));
      const joinsAmong = pasted.joins.filter((join) => pastedIds.has(join.from) && pastedIds.has(join.to));
      if (!fits('paste', { steps: pasted.steps.length, joins: joinsAmong.length })) return copies;
      const fresh = (id: string) => taken(id) || [...copies.values()].includes(id);
      for (const step of pasted.steps) copies.set(step.id, newId(step.kind, fresh));
      discrete(() => {
        for (const { id, position, verifies, ...fields } of pasted.steps) {
          const at = position ?? { x: 0, y: 0 };
          const kept = verifies?.map((v) => copies.get(v)).filter((v): v is string => Boolean(v));
          steps.set(copies.get(id) as string, itemFromFields({ ...fields, ...(kept?.length ? { verifies: kept } : {}), position: { x: Math.round(at.x + offset.x), y: Math.round(at.y + offset.y) } }));
        }
        for (const { id: _old, from, to, ...fields } of joinsAmong) {
          const a = copies.get(from);
          const b = copies.get(to);
          if (a && b) joins.set(newId('j', (id) => fresh(id) || joins.has(id)), itemFromFields({ ...fields, from: a, to: b }));
        }
      });
      return copies;
    },

    setMeta(fields: { title?: string; description?: string }): void {
      if (!allowed('setMeta')) return;
      transact(() => {
        for (const [key, value] of Object.entries(fields)) {
          if (value === undefined || (value === '' && key === 'description')) meta.delete(key);
          else if (meta.get(key) !== value) meta.set(key, value);
        }
      });
    },

    /**
     * Sets a map-level value of the format (weekly volume, cost of an hour, the program, settings),
     * each a plain value replaced whole; `undefined` removes it.
     */
    setMapValue<K extends keyof MapValues>(key: K, value: MapValues[K] | undefined): void {
      if (!allowed('setMapValue')) return;
      transact(() => {
        if (value === undefined) meta.delete(key);
        else if (!sameValue(meta.get(key), value)) meta.set(key, value);
      });
    },

    /** Replaces the whole map (an import into an open map): one undoable change. */
    replaceMap(map: StallMap): void {
      if (!allowed('replaceMap')) return;
      // An import replaces both states: it grows the map by what it holds beyond what is there.
      const before = size();
      const growth = {
        steps: map.steps.length + (map.redesign?.steps.length ?? 0) - before.steps,
        joins: map.joins.length + (map.redesign?.joins.length ?? 0) - before.joins,
      };
      if (!fits('replaceMap', growth)) return;
      // Over the bytes the server holds, it would refuse the import once made: asked before, in words.
      if (!fitsBytes('replaceMap', (limit) => fitsAfterReplace(doc, map, limit))) return;
      discrete(() => writeMap(doc, map, LOCAL_ORIGIN));
    },
  };
}

export type Commands = ReturnType<typeof createCommands>;
