import type * as Y from 'yjs';
import { joinSchema, stepSchema, type Join, type Step } from '../core/model';
import { byCodeUnits, isStepGone, joinProblem, parseItem, type ItemMap, type SkippedItem } from './doc';
import { sameItems } from '../core/same-items';

type Outcome<T> = { ok: true; data: T } | { ok: false; reason: string };

/** Past this many steps or joins added or removed at once, the ids are sorted again rather than spliced in one by one. */
const SPLICE_AT_MOST = 64;

/**
 * One state's steps and joins (today's or the redesign's), as readMap reads them, kept up to date
 * from the doc's events instead of read again: an edit parses only the items it touched. A step
 * or join whose content changed gets a new object and one slot of a copied array; everything
 * else keeps its object, and an array nobody touched stays the same array. Only when steps come
 * or go, change kind or stop passing the schema are the arrays assembled again, from the parsed
 * items (no parsing, no sorting), since the joins' validity and the checks' targets depend on them.
 */
export class StateMirror {
  steps: Step[] = [];
  joins: Join[] = [];
  skipped: SkippedItem[] = [];
  private readonly stepOutcomes = new Map<string, Outcome<Step>>();
  private readonly joinOutcomes = new Map<string, Outcome<Join>>();
  /** Ids in readMap's order (code units): what the arrays follow. */
  private stepIds: string[] = [];
  private joinIds: string[] = [];
  private readonly stepAt = new Map<string, number>();
  private readonly joinAt = new Map<string, number>();
  private readonly kinds = new Map<string, Step['kind']>();
  /**
   * Each shown step's object and the parsed object it shows (`from`; none for a step a previous
   * reader showed). It differs from the parsed object for a check whose `verifies` names steps that
   * are gone (a trimmed copy: parsed objects stay as parsed), or whose parsed object changed while
   * what is shown did not.
   */
  private readonly shownAs = new Map<string, { from?: Step; shown: Step }>();
  private readonly dirtySteps = new Set<string>();
  private readonly dirtyJoins = new Set<string>();
  private readonly unwatch: () => void;

  /**
   * `what` prefixes the names in `skipped` (readMap's 'redesign '). `previous`: steps and joins a
   * reader showed before this mirror existed, kept as the same objects where their content is the same.
   */
  constructor(
    private readonly stepItems: Y.Map<ItemMap>,
    private readonly joinItems: Y.Map<ItemMap>,
    private readonly what = '',
    private previous?: { steps: readonly Step[]; joins: readonly Join[] },
  ) {
    for (const id of stepItems.keys()) this.dirtySteps.add(id);
    for (const id of joinItems.keys()) this.dirtyJoins.add(id);
    const onSteps = dirtyFrom(this.dirtySteps);
    const onJoins = dirtyFrom(this.dirtyJoins);
    stepItems.observeDeep(onSteps);
    joinItems.observeDeep(onJoins);
    this.unwatch = () => {
      stepItems.unobserveDeep(onSteps);
      joinItems.unobserveDeep(onJoins);
    };
  }

  dispose(): void {
    this.unwatch();
  }

  /** Brings the arrays up to date with the doc; true when any of them changed. */
  refresh(): boolean {
    if (!this.dirtySteps.size && !this.dirtyJoins.size) return false;
    const before = { steps: this.steps, joins: this.joins, skipped: this.skipped };
    const seed = this.previous;
    const priorSteps = seed && new Map(seed.steps.map((s) => [s.id, s]));
    const priorJoins = seed && new Map(seed.joins.map((j) => [j.id, j]));
    if (seed) for (const step of seed.steps) this.shownAs.set(step.id, { shown: step });
    this.previous = undefined;

    // Steps: parse what changed; anything beyond a content change re-assembles the state.
    const steps = takeDirty(this.dirtySteps, this.stepItems, this.stepOutcomes, (id, value) => keepSame(this.stepOutcomes.get(id) ?? wasShown(priorSteps?.get(id)), parseItem('step', id, value, stepSchema)), (_, prior, next) => !prior.ok || !next.ok || prior.data.kind !== next.data.kind);
    const stepsReshaped = steps.reshaped;
    const edited = steps.edited;
    this.stepIds = updateIds(this.stepIds, steps.added, steps.removed, this.stepOutcomes);

    // Joins likewise; one that starts or stops being drawable re-assembles the joins.
    const joins = takeDirty(this.dirtyJoins, this.joinItems, this.joinOutcomes, (id, value) => keepSame(this.joinOutcomes.get(id) ?? wasShown(priorJoins?.get(id)), parseItem('join', id, value, joinSchema)), (id, _, next) => !next.ok || !this.joinAt.has(id) || joinProblem(id, next.data, this.kinds) !== undefined);
    const joinsReshaped = stepsReshaped || joins.reshaped;
    const editedJoins = joins.edited;
    this.joinIds = updateIds(this.joinIds, joins.added, joins.removed, this.joinOutcomes);

    if (stepsReshaped) this.assembleSteps();
    else if (edited.length) {
      let steps = this.steps;
      for (const id of edited) {
        const at = this.stepAt.get(id) as number;
        const shown = this.shown(this.parsedStep(id));
        if (shown === steps[at]) continue;
        if (steps === this.steps) steps = steps.slice();
        steps[at] = shown;
      }
      this.steps = steps;
    }
    if (joinsReshaped) this.assembleJoins();
    else if (editedJoins.length) {
      this.joins = this.joins.slice();
      for (const id of editedJoins) this.joins[this.joinAt.get(id) as number] = this.parsedJoin(id);
    }
    if (stepsReshaped || joinsReshaped) this.collectSkipped();
    return before.steps !== this.steps || before.joins !== this.joins || before.skipped !== this.skipped;
  }

  private parsedStep(id: string): Step {
    return (this.stepOutcomes.get(id) as { data: Step }).data;
  }

  private parsedJoin(id: string): Join {
    return (this.joinOutcomes.get(id) as { data: Join }).data;
  }

  /**
   * The step as shown: a check may name a step that is gone (deleted, or garbage), and the name is
   * dropped (on a copy; parsed items are shared). The object shown before is kept while what is
   * shown is the same, even when the parsed item changed: e.g. a check shown without a garbage
   * step, whose `verifies` loses that step when it is then deleted.
   */
  private shown(step: Step): Step {
    const verifies = step.verifies?.some((target) => !this.kinds.has(target)) ? step.verifies.filter((target) => this.kinds.has(target)) : step.verifies;
    const was = this.shownAs.get(step.id);
    // The same parsed object with the same checked steps: the same content, no need to compare.
    if (was && was.from === step && sameItems(was.shown.verifies ?? [], verifies ?? [])) return was.shown;
    let shown = verifies === step.verifies ? step : { ...step, verifies };
    if (was && was.shown !== shown && JSON.stringify(was.shown) === JSON.stringify(shown)) shown = was.shown;
    this.shownAs.set(step.id, { from: step, shown });
    return shown;
  }

  private assembleSteps(): void {
    this.kinds.clear();
    this.stepAt.clear();
    const parsed: Step[] = [];
    for (const id of this.stepIds) {
      const outcome = this.stepOutcomes.get(id);
      if (!outcome?.ok) continue;
      this.kinds.set(id, outcome.data.kind);
      parsed.push(outcome.data);
    }
    const steps = parsed.map((step, i) => {
      this.stepAt.set(step.id, i);
      return this.shown(step);
    });
    for (const id of this.shownAs.keys()) if (!this.kinds.has(id)) this.shownAs.delete(id);
    this.steps = sameItems(this.steps, steps) ? this.steps : steps;
  }

  private assembleJoins(): void {
    this.joinAt.clear();
    const joins: Join[] = [];
    for (const id of this.joinIds) {
      const outcome = this.joinOutcomes.get(id);
      if (!outcome?.ok || joinProblem(id, outcome.data, this.kinds)) continue;
      this.joinAt.set(id, joins.length);
      joins.push(outcome.data);
    }
    this.joins = sameItems(this.joins, joins) ? this.joins : joins;
  }

  /** readMap's order: the steps' in id order, then the joins'. */
  private collectSkipped(): void {
    const skipped: SkippedItem[] = [];
    for (const id of this.stepIds) {
      const outcome = this.stepOutcomes.get(id);
      if (outcome && !outcome.ok) skipped.push({ kind: 'step', id: `${this.what}${id}`, reason: outcome.reason });
    }
    for (const id of this.joinIds) {
      const outcome = this.joinOutcomes.get(id);
      if (!outcome) continue;
      const reason = !outcome.ok ? outcome.reason : isStepGone(outcome.data, this.kinds) ? undefined : joinProblem(id, outcome.data, this.kinds);
      if (reason) skipped.push({ kind: 'join', id: `${this.what}${id}`, reason });
    }
    this.skipped = sameSkipped(this.skipped, skipped) ? this.skipped : skipped;
  }
}

/** Notes which items an observeDeep batch touched: a change inside an item has its id first in the path; one of the map itself names its keys. */
function dirtyFrom(dirty: Set<string>) {
  return (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const event of events) {
      if (event.path.length) dirty.add(String(event.path[0]));
      else for (const key of (event as Y.YMapEvent<unknown>).keysChanged) dirty.add(key);
    }
  };
}

const wasShown = <T>(item: T | undefined): Outcome<T> | undefined => (item ? { ok: true, data: item } : undefined);

/**
 * Takes one kind's dirty ids (then clears them): each id still in the doc parsed again by `parse`
 * (which keeps the prior outcome when its content is the same), sorted into added, removed and
 * edited in place; `reshapes` tells which content changes need the arrays assembled again.
 */
function takeDirty<T>(
  dirty: Set<string>,
  items: Y.Map<ItemMap>,
  outcomes: Map<string, Outcome<T>>,
  parse: (id: string, value: unknown) => Outcome<T>,
  reshapes: (id: string, prior: Outcome<T>, next: Outcome<T>) => boolean,
): { edited: string[]; added: string[]; removed: string[]; reshaped: boolean } {
  const taken = { edited: [] as string[], added: [] as string[], removed: [] as string[], reshaped: false };
  for (const id of dirty) {
    const prior = outcomes.get(id);
    if (!items.has(id)) {
      if (prior) {
        outcomes.delete(id);
        taken.removed.push(id);
        taken.reshaped = true;
      }
      continue;
    }
    const next = parse(id, items.get(id));
    outcomes.set(id, next);
    if (!prior) {
      taken.added.push(id);
      taken.reshaped = true;
    } else if (next === prior) continue;
    else if (reshapes(id, prior, next)) taken.reshaped = true;
    else taken.edited.push(id);
  }
  dirty.clear();
  return taken;
}

/** The prior outcome when the item parsed to the same content (a write of the same value, an undo of a no-op), so its object is kept. */
function keepSame<T>(prior: Outcome<T> | undefined, next: Outcome<T>): Outcome<T> {
  if (!prior) return next;
  if (prior.ok && next.ok) return JSON.stringify(prior.data) === JSON.stringify(next.data) ? prior : next;
  if (!prior.ok && !next.ok) return prior.reason === next.reason ? prior : next;
  return next;
}

/** The sorted ids after some were added and removed: spliced in place of a copy for a few, sorted again for many. */
function updateIds(ids: string[], added: string[], removed: string[], present: ReadonlyMap<string, unknown>): string[] {
  if (!added.length && !removed.length) return ids;
  if (added.length + removed.length > SPLICE_AT_MOST) return [...present.keys()].sort(byCodeUnits);
  const out = ids.slice();
  for (const id of removed) {
    const at = lowerBound(out, id);
    if (out[at] === id) out.splice(at, 1);
  }
  for (const id of added) out.splice(lowerBound(out, id), 0, id);
  return out;
}

function lowerBound(ids: readonly string[], id: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameSkipped(a: readonly SkippedItem[], b: readonly SkippedItem[]): boolean {
  return a.length === b.length && a.every((item, i) => item.kind === b[i].kind && item.id === b[i].id && item.reason === b[i].reason);
}
