import type { Handoff, Join, Step } from '../model';

/** The join fields a bypass may change on the join it leads on. */
export type LedOnFields = Partial<Pick<Join, 'to' | 'handoff' | 'waitMinutes' | 'label' | 'share' | 'notes'>>;

/** What taking steps out of the way changes: steps and joins removed, joins led on, and the checks that no longer verify a removed step. */
export interface BypassPlan {
  steps: string[];
  joins: string[];
  /** Per join led on, the fields that change (only those). */
  ledOn: Map<string, LedOnFields>;
  /** Per check whose `verifies` named a removed step, what it verifies now. */
  verifies: Map<string, string[]>;
}

/** From least to most a person's doing: the merged join is as manual as the more manual of the two. */
const HANDOFF_ORDER: readonly Handoff[] = ['system', 'manual', 'meeting'];
/** The format's bound on a join's label: two that do not fit together keep the first. */
const MAX_LABEL = 200;

interface Ways {
  into: Join[];
  out: Join[];
}

/**
 * Takes steps out of the way, where the map allows it without a choice to make: a step with one
 * way in and one way out, neither a rework join, whose two neighbours are not joined already. The
 * join into it is led on to where its way out went, and carries both: the two waits added, the
 * more manual hand-off, both labels, the share of items that took both. Lead time and staff time
 * are then what the step with no work and no wait gave (the numbers a fix model sets on it), and
 * the redesign shows the step gone. Steps that do not qualify are left, for the fix's numbers.
 *
 * Steps are taken in order, each from the state the ones before it left: a chain of approvals
 * folds into one join. The plan names what changes; `applyBypass` applies it to a plain state and
 * the page's redesign command to its doc, so both agree.
 */
export function planBypass(state: { steps: readonly Step[]; joins: readonly Join[] }, ids: readonly string[]): BypassPlan {
  const plan: BypassPlan = { steps: [], joins: [], ledOn: new Map(), verifies: new Map() };
  if (ids.length === 0) return plan;
  // Each join's ways, as copies changed as the plan goes: a join led on arrives where its way out went.
  const waysOf = new Map<string, Ways>();
  const ways = (step: string) => {
    const found = waysOf.get(step) ?? { into: [], out: [] };
    waysOf.set(step, found);
    return found;
  };
  for (const join of state.joins) {
    const copy = { ...join };
    ways(copy.to).into.push(copy);
    ways(copy.from).out.push(copy);
  }
  const present = new Set(state.steps.map((step) => step.id));
  for (const id of ids) {
    if (!present.has(id)) continue;
    const { into, out } = ways(id);
    if (into.length !== 1 || out.length !== 1) continue;
    const [wayIn, wayOut] = [into[0], out[0]];
    if (wayIn.rework || wayOut.rework || wayIn.from === wayOut.to) continue;
    if (ways(wayIn.from).out.some((join) => join.to === wayOut.to)) continue;
    const changes = ledOnFields(wayIn, wayOut);
    Object.assign(wayIn, changes);
    plan.ledOn.set(wayIn.id, { ...plan.ledOn.get(wayIn.id), ...changes });
    // The way out is gone; the way in now arrives where it went.
    const after = ways(wayOut.to);
    after.into = after.into.map((join) => (join === wayOut ? wayIn : join));
    waysOf.delete(id);
    plan.joins.push(wayOut.id);
    plan.steps.push(id);
  }
  // A join led on and later removed (a chain folded into an earlier way in) was never a change of its own.
  for (const removed of plan.joins) plan.ledOn.delete(removed);
  const gone = new Set(plan.steps);
  for (const step of state.steps) {
    if (step.verifies?.some((v) => gone.has(v)) && !gone.has(step.id)) plan.verifies.set(step.id, step.verifies.filter((v) => !gone.has(v)));
  }
  return plan;
}

/** What the way in becomes once it also does what the way out did. */
function ledOnFields(wayIn: Join, wayOut: Join): LedOnFields {
  const fields: LedOnFields = { to: wayOut.to };
  const handoff = moreManual(wayIn.handoff, wayOut.handoff);
  if (handoff !== wayIn.handoff) fields.handoff = handoff;
  if (wayOut.waitMinutes !== undefined) fields.waitMinutes = (wayIn.waitMinutes ?? 0) + wayOut.waitMinutes;
  if (wayOut.share !== undefined) fields.share = (wayIn.share ?? 1) * wayOut.share;
  if (wayOut.label !== undefined) {
    const both = wayIn.label === undefined ? wayOut.label : `${wayIn.label}, then ${wayOut.label}`;
    if (both.length <= MAX_LABEL) fields.label = both;
  }
  if (wayIn.notes === undefined && wayOut.notes !== undefined) fields.notes = wayOut.notes;
  return fields;
}

/** A join without a hand-off is manual (the format's default): a person moves the item until somebody automates it. */
function moreManual(a: Handoff | undefined, b: Handoff | undefined): Handoff | undefined {
  if (a === undefined && b === undefined) return undefined;
  const rank = (h: Handoff | undefined) => HANDOFF_ORDER.indexOf(h ?? 'manual');
  return rank(b) > rank(a) ? b : a;
}

/** A plain state with the plan applied. */
export function applyBypass<State extends { steps: readonly Step[]; joins: readonly Join[] }>(state: State, plan: BypassPlan): State {
  const [steps, joins] = [new Set(plan.steps), new Set(plan.joins)];
  return {
    ...state,
    steps: state.steps
      .filter((step) => !steps.has(step.id))
      .map((step) => (plan.verifies.has(step.id) ? { ...step, verifies: plan.verifies.get(step.id) } : step)),
    joins: state.joins.filter((join) => !joins.has(join.id)).map((join) => (plan.ledOn.has(join.id) ? { ...join, ...plan.ledOn.get(join.id) } : join)),
  };
}
