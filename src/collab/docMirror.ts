import type * as Y from 'yjs';
import type { StallMap } from '../core/model';
import {
  assembleMap,
  assessmentOf,
  commentsOf,
  joinsOf,
  type MapHead,
  metaOf,
  type ReadResult,
  readHead,
  readRedesignNotes,
  readReview,
  redesignJoinsOf,
  redesignStepsOf,
  type SkippedItem,
  stepsOf,
  waiversOf,
} from './doc';
import { StateMirror } from './stateMirror';
import { sameItems } from '../core/same-items';

/**
 * What readMap reads from a map's docs, kept up to date from their events: `read()` costs what
 * changed since the last one, not the map's size. Today's and the redesign's steps and joins are
 * each kept by a StateMirror; `meta` and the review doc are small and read again when they change.
 * Whatever did not change keeps its object (the same steps array, the same redesign, the same
 * skipped list), so React, and React Flow's memoised nodes, redraw only what changed.
 */
export class DocMirror {
  private readonly current: StateMirror;
  private readonly redesign: StateMirror;
  private metaChanged = true;
  private reviewChanged = true;
  private head!: MapHead;
  private headSkipped: SkippedItem[] = [];
  private notes: string | undefined;
  private notesSkipped: SkippedItem[] = [];
  private review: ReturnType<typeof readReview> | undefined;
  private last: ReadResult | null = null;
  private readonly unwatch: (() => void)[] = [];

  /** `previous`: the map a reader showed before (another doc of the same map): its unchanged steps and joins keep their objects. */
  constructor(
    private readonly doc: Y.Doc,
    private readonly reviewDoc: Y.Doc | undefined,
    /** The map's room id, which is its id (doc.ts readHead). */
    private readonly roomId?: string,
    previous?: StallMap | null,
  ) {
    this.current = new StateMirror(stepsOf(doc), joinsOf(doc), '', previous ?? undefined);
    this.redesign = new StateMirror(redesignStepsOf(doc), redesignJoinsOf(doc), 'redesign ', previous?.redesign);
    this.watch(metaOf(doc), () => {
      this.metaChanged = true;
    });
    if (reviewDoc) {
      for (const values of [waiversOf(reviewDoc), commentsOf(reviewDoc), assessmentOf(reviewDoc)])
        this.watch(values, () => {
          this.reviewChanged = true;
        });
    }
  }

  /** The map as readMap would read it now; the same result object while nothing changed. */
  read(): ReadResult {
    const currentChanged = this.current.refresh();
    const redesignChanged = this.redesign.refresh();
    const { metaChanged, reviewChanged } = this;
    if (this.last && !currentChanged && !redesignChanged && !metaChanged && !reviewChanged) return this.last;
    if (metaChanged) {
      const meta = metaOf(this.doc);
      this.headSkipped = [];
      this.head = readHead(meta, this.roomId, this.headSkipped);
      this.notesSkipped = [];
      this.notes = readRedesignNotes(meta, this.notesSkipped);
      this.metaChanged = false;
    }
    if (reviewChanged && this.reviewDoc) {
      this.review = readReview(this.reviewDoc);
      this.reviewChanged = false;
    }
    const { current, redesign } = this;
    const map = assembleMap(this.head, { steps: current.steps, joins: current.joins }, { steps: redesign.steps, joins: redesign.joins }, this.notes, this.review);
    // The redesign kept as the same object while neither its steps, its joins nor its notes changed.
    const prior = this.last?.map.redesign;
    if (prior && map.redesign && prior.steps === map.redesign.steps && prior.joins === map.redesign.joins && prior.notes === map.redesign.notes) map.redesign = prior;
    const skipped = [...current.skipped, ...this.headSkipped, ...redesign.skipped, ...this.notesSkipped, ...(this.review?.skipped ?? [])];
    this.last = { map, skipped: this.last && sameItems(this.last.skipped, skipped) ? this.last.skipped : skipped };
    return this.last;
  }

  dispose(): void {
    this.current.dispose();
    this.redesign.dispose();
    for (const stop of this.unwatch) stop();
  }

  private watch(type: Y.Map<unknown>, changed: () => void): void {
    type.observeDeep(changed);
    this.unwatch.push(() => type.unobserveDeep(changed));
  }
}
