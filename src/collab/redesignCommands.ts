import type * as Y from 'yjs';
import type { Fix } from '../core/analyzer';
import { fixedValue } from '../core/analyzer/apply-fix';
import { planBypass } from '../core/analyzer/bypass';
import type { Join, Step } from '../core/model';
import { type ItemMap, itemFromFields, itemOf, joinsOf, redesignJoinsOf, redesignStepsOf, stepsOf } from './doc';
import { LOCAL_ORIGIN } from './origin';
import { type WriteAccess, writeGuard } from './writeGuard';

/**
 * The redesign's own commands, each one transaction with the local origin (one step of undo):
 * start it as a copy of the current state (same ids, so the two compare element by element),
 * apply a finding's fix model to its copy of the targets, or discard it.
 */
export function createRedesignCommands(doc: Y.Doc, undo?: Pick<Y.UndoManager, 'stopCapturing'>, access?: WriteAccess) {
  const steps = redesignStepsOf(doc);
  const joins = redesignJoinsOf(doc);
  // The same guard as every other command (commands.ts): a page that may not write, or a copy the
  // server would refuse as too large, changes nothing.
  const { allowed, fits } = writeGuard(doc, access);
  const discrete = (fn: () => void) => {
    undo?.stopCapturing();
    doc.transact(fn, LOCAL_ORIGIN);
    undo?.stopCapturing();
  };

  return {
    /** Copies the current steps and joins into the redesign; false (and nothing written) when one exists already. */
    startRedesign(): boolean {
      if (steps.size > 0 || joins.size > 0 || !allowed('startRedesign')) return false;
      if (!fits('startRedesign', { steps: stepsOf(doc).size, joins: joinsOf(doc).size })) return false;
      discrete(() => {
        // Garbage (not a step or join) is not copied: the redesign starts from what the canvas shows.
        for (const [id, step] of stepsOf(doc)) if (itemOf(step)) steps.set(id, itemFromFields(fieldsOf(step)));
        for (const [id, join] of joinsOf(doc)) if (itemOf(join)) joins.set(id, itemFromFields(fieldsOf(join)));
      });
      return true;
    },

    /**
     * Sets the fields a fix model names on the redesign's steps and joins of those ids (those it
     * still has), then takes the steps it bypasses out of the way, as the format's applyFix does.
     */
    applyFix(fix: Fix): void {
      if (!allowed('applyFix')) return;
      discrete(() => {
        for (const { id, ...fields } of fix.steps) patch(itemOf(steps.get(id)), fields);
        for (const { id, ...fields } of fix.joins) patch(itemOf(joins.get(id)), fields);
        if (fix.bypass?.length) bypass(steps, joins, fix.bypass);
      });
    },

    discardRedesign(): void {
      if (!allowed('discardRedesign')) return;
      discrete(() => {
        steps.clear();
        joins.clear();
      });
    },
  };
}

/** Takes steps out of the redesign's way as planBypass says: the plan is made from the doc's items as plain fields. */
function bypass(steps: Y.Map<ItemMap>, joins: Y.Map<ItemMap>, ids: readonly string[]): void {
  const plainOf = <T>(items: Y.Map<ItemMap>) => [...items].flatMap(([id, value]) => {
    const item = itemOf(value);
    return item ? [{ ...fieldsOf(item), id } as T] : [];
  });
  const plan = planBypass({ steps: plainOf<Step>(steps), joins: plainOf<Join>(joins) }, ids);
  for (const id of plan.steps) steps.delete(id);
  for (const id of plan.joins) joins.delete(id);
  for (const [id, fields] of plan.ledOn) {
    const join = itemOf(joins.get(id));
    for (const [key, value] of Object.entries(fields)) join?.set(key, value);
  }
  for (const [id, verifies] of plan.verifies) itemOf(steps.get(id))?.set('verifies', verifies);
}

/** An item's plain fields, one level deep (the doc holds no shared type inside an item). */
function fieldsOf(item: Y.Map<unknown>): Record<string, unknown> {
  return Object.fromEntries(item.entries());
}

/** Sets a fix's fields as the format's applyFix does: a number the redesign already holds lower is kept. */
function patch(item: Y.Map<unknown> | undefined, fields: Record<string, unknown>): void {
  if (!item) return;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const next = fixedValue(item.get(key), value);
    if (item.get(key) !== next) item.set(key, next);
  }
}
