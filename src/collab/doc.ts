import * as Y from 'yjs';
import type { z } from 'zod';
import {
  assessmentEntrySchema,
  type Assessment,
  CURRENT_VERSION,
  SURFACE_IDS,
  costSchema,
  FORMAT,
  commentSchema,
  joinSchema,
  programSchema,
  settingsSchema,
  stepSchema,
  volumeSchema,
  waiverSchema,
  type Comment,
  type Join,
  type StallMap,
  type Step,
  type Waiver,
} from '../core/model';

type Surface = (typeof SURFACE_IDS)[number];
import { toSchemaErrors } from '../core/model/errors';

/**
 * The shape of a map's Y.Doc (docs/architecture.md): `meta` holds title, description and settings;
 * `steps` and `joins` map an id to a Y.Map of that item's fields, named as in the map format
 * (the id is the key, not a field). A step's position is one plain `{ x, y }` value.
 * Review data (waivers, comments) lives in a second doc, so the server can let reviewers write it.
 */
export type ItemMap = Y.Map<unknown>;

/**
 * A step or join as the doc holds it, or undefined for anything else a broken or old client put
 * there: readMap skips such entries, and the commands work around them.
 */
export const itemOf = (value: unknown): ItemMap | undefined => (value instanceof Y.Map ? value : undefined);

/**
 * What each top-level type holds: `values` maps a key to a plain value; `items` maps an id to a
 * Y.Map of plain values. No shared type nests deeper, and no other top-level type exists: the
 * server refuses any update that would store one (server/sync/doc-shape.ts), and the readers
 * below skip one rather than recurse into it (Y.Map.toJSON recurses: 6,000 nested maps overflow
 * the stack).
 */
export type RootKind = 'values' | 'items';
export type DocShape = Readonly<Record<string, RootKind>>;
export const MAP_DOC_SHAPE: DocShape = { meta: 'values', steps: 'items', joins: 'items', redesignSteps: 'items', redesignJoins: 'items' };
/**
 * The review doc: waivers, comments, and the team's own scorecard (`assessment`: a surface → one
 * plain `{ score, evidence, by, at }`). The scorecard lives here, not in the map's meta, because
 * reviewers score surfaces too and may write only this doc (server/sync/review-rules.ts: in their
 * own name, changing only their own entries). `writers` is the server's: which writer key (its
 * hash) each Yjs clientID that wrote here is bound to (server/sync/writer-ids.ts); no page reads it.
 */
export const REVIEW_DOC_SHAPE: DocShape = { waivers: 'values', comments: 'values', assessment: 'values', writers: 'values' };

export const metaOf = (doc: Y.Doc) => doc.getMap<unknown>('meta');
export const stepsOf = (doc: Y.Doc) => doc.getMap<ItemMap>('steps');
export const joinsOf = (doc: Y.Doc) => doc.getMap<ItemMap>('joins');
/** The redesigned workflow (format version 2): steps and joins of the same shape, compared with the current state by id. */
export const redesignStepsOf = (doc: Y.Doc) => doc.getMap<ItemMap>('redesignSteps');
export const redesignJoinsOf = (doc: Y.Doc) => doc.getMap<ItemMap>('redesignJoins');

/**
 * The map's top-level values kept in `meta` beside id, title and description, each one plain
 * value read through its schema (a person edits the program or the volume as a whole).
 */
const META_VALUES = {
  settings: settingsSchema,
  volumePerWeek: volumeSchema,
  costPerHour: costSchema,
  program: programSchema,
} as const;
export type MetaValueKey = keyof typeof META_VALUES | 'redesignNotes';
export const waiversOf = (doc: Y.Doc) => doc.getMap<unknown>('waivers');
export const commentsOf = (doc: Y.Doc) => doc.getMap<unknown>('comments');
/** The team's scores, in the review doc: a surface → its plain entry. */
export const assessmentOf = (doc: Y.Doc) => doc.getMap<unknown>('assessment');
/** The server's bindings of Yjs clientIDs to writer keys' hashes (REVIEW_DOC_SHAPE). */
export const writersOf = (doc: Y.Doc) => doc.getMap<string>('writers');

/** An item read from the network that failed the schema: left out of the map, and counted for the user. */
export interface SkippedItem {
  kind: 'step' | 'join' | 'waiver' | 'comment' | 'meta' | 'assessment';
  id: string;
  reason: string;
}

export function itemFromFields(fields: Record<string, unknown>): ItemMap {
  const item = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) if (key !== 'id' && value !== undefined) item.set(key, value);
  return item;
}

export const waiverKey = (waiver: Pick<Waiver, 'rule' | 'target'>) => `${waiver.rule}|${waiver.target}`;

/** Replaces the whole content of a map doc (and, if given, its review doc) with `map`, one transaction each. */
export function writeMap(doc: Y.Doc, map: StallMap, origin: unknown = null, review?: Y.Doc): void {
  doc.transact(() => {
    const meta = metaOf(doc);
    meta.clear();
    meta.set('id', map.id);
    meta.set('title', map.title);
    if (map.description !== undefined) meta.set('description', map.description);
    for (const key of Object.keys(META_VALUES) as (keyof typeof META_VALUES)[]) if (map[key] !== undefined) meta.set(key, map[key]);
    if (map.redesign?.notes !== undefined) meta.set('redesignNotes', map.redesign.notes);
    writeState(stepsOf(doc), joinsOf(doc), map);
    writeState(redesignStepsOf(doc), redesignJoinsOf(doc), map.redesign ?? { steps: [], joins: [] });
  }, origin);
  if (review) writeReview(review, map, origin);
}

function writeState(steps: Y.Map<ItemMap>, joins: Y.Map<ItemMap>, state: Pick<StallMap, 'steps' | 'joins'>): void {
  steps.clear();
  joins.clear();
  for (const step of state.steps) steps.set(step.id, itemFromFields(step));
  for (const join of state.joins) joins.set(join.id, itemFromFields(join));
}

export function writeReview(review: Y.Doc, map: Pick<StallMap, 'waivers' | 'comments' | 'assessment'>, origin: unknown = null): void {
  review.transact(() => {
    const waivers = waiversOf(review);
    const comments = commentsOf(review);
    const assessment = assessmentOf(review);
    waivers.clear();
    comments.clear();
    assessment.clear();
    for (const waiver of map.waivers) waivers.set(waiverKey(waiver), { ...waiver });
    for (const comment of map.comments) comments.set(comment.id, { ...comment });
    for (const [surface, entry] of Object.entries(map.assessment ?? {})) if (entry) assessment.set(surface, { ...entry });
  }, origin);
}

export interface ReadResult {
  map: StallMap;
  skipped: SkippedItem[];
}

function reasonOf(error: z.ZodError): string {
  return toSchemaErrors(error)
    .map((e) => `${e.path}: ${e.message}`)
    .join('; ');
}

/** `name` is how the item is reported (the redesign's are prefixed); `id` its key, the id it is read with. */
function readItem<T>(kind: SkippedItem['kind'], name: string, value: unknown, schema: z.ZodType<T>, skipped: SkippedItem[], id = name): T | undefined {
  const outcome = parseItem(kind, id, value, schema);
  if (outcome.ok) return outcome.data as T;
  skipped.push({ kind, id: name, reason: outcome.reason });
  return undefined;
}

/**
 * An item's fields, one level deep: a field holding a shared type is not a value of the format
 * (and may nest without bound), so the item is refused rather than read by recursion.
 */
function plainFields(value: unknown): { ok: true; fields: unknown } | { ok: false; reason: string } {
  if (!(value instanceof Y.AbstractType)) return { ok: true, fields: value };
  if (!(value instanceof Y.Map)) return { ok: false, reason: 'is not a record' };
  const fields: Record<string, unknown> = {};
  for (const [key, field] of value.entries()) {
    if (field instanceof Y.AbstractType) return { ok: false, reason: `${key}: holds a shared type, not a value` };
    fields[key] = field;
  }
  return { ok: true, fields };
}

export function parseItem<T>(kind: SkippedItem['kind'], id: string, value: unknown, schema: z.ZodType<T>): { ok: true; data: T } | { ok: false; reason: string } {
  const plain = plainFields(value);
  if (!plain.ok) return plain;
  const { fields } = plain;
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return { ok: false, reason: 'is not a record' };
  // A step's, a join's and a comment's key is its id: one written under another key is read with its key, never as a second item of one id.
  const result = schema.safeParse(kind === 'step' || kind === 'join' || kind === 'comment' ? { ...fields, id } : fields, { reportInput: true });
  return result.success ? { ok: true, data: result.data } : { ok: false, reason: reasonOf(result.error) };
}

/**
 * Reads a map doc (and its review doc) into the map format. Whatever arrived from the network
 * may be garbage: each item goes through the schema, and what fails is skipped and reported,
 * never thrown. Joins whose ends are missing are skipped too, so the result always passes the schema.
 */
export function readMap(doc: Y.Doc, review?: Y.Doc, roomId?: string): ReadResult {
  const skipped: SkippedItem[] = [];
  const meta = metaOf(doc);
  const current = readState(stepsOf(doc), joinsOf(doc), skipped);
  const head = readHead(meta, roomId, skipped);
  const redesign = readState(redesignStepsOf(doc), redesignJoinsOf(doc), skipped, 'redesign ');
  const notes = readRedesignNotes(meta, skipped);
  const read = review ? readReview(review) : undefined;
  if (read) skipped.push(...read.skipped);
  return { map: assembleMap(head, current, redesign, notes, read), skipped };
}

/** What `meta` holds of the map besides the redesign's notes: id, title, description and the plain values. */
export type MapHead = Omit<StallMap, 'steps' | 'joins' | 'waivers' | 'comments' | 'redesign' | 'assessment'>;

/**
 * The map's id, title, description and top-level values from `meta`, each checked (what fails is
 * skipped). The id is the room's when it is known: `meta` holds what the map was written with,
 * and maps created before the server gave them its own id there say the imported file's id or the
 * template's name, shared by many maps.
 */
export function readHead(meta: Y.Map<unknown>, roomId: string | undefined, skipped: SkippedItem[]): MapHead {
  const head: MapHead = {
    format: FORMAT,
    version: CURRENT_VERSION,
    id: roomId ?? metaText(meta, 'id', 64, skipped) ?? 'map',
    title: metaText(meta, 'title', 200, skipped) ?? 'Untitled map',
  };
  const description = metaText(meta, 'description', 5000, skipped);
  if (description !== undefined) head.description = description;
  for (const [key, schema] of Object.entries(META_VALUES)) {
    const value = meta.get(key);
    if (value === undefined) continue;
    if (value instanceof Y.AbstractType) {
      skipped.push({ kind: 'meta', id: key, reason: 'holds a shared type, not a value' });
      continue;
    }
    const parsed = (schema as z.ZodType).safeParse(value);
    if (parsed.success) Object.assign(head, { [key]: parsed.data });
    else skipped.push({ kind: 'meta', id: key, reason: reasonOf(parsed.error) });
  }
  return head;
}

export const readRedesignNotes = (meta: Y.Map<unknown>, skipped: SkippedItem[]) => metaText(meta, 'redesignNotes', 5000, skipped);

type State = Pick<StallMap, 'steps' | 'joins'>;

/** The map from its parts, as read: the redesign is there once it has a step or notes. */
export function assembleMap(head: MapHead, current: State, redesign: State, notes: string | undefined, review?: Pick<StallMap, 'waivers' | 'comments' | 'assessment'>): StallMap {
  const { format, version, id, title, ...rest } = head;
  const map: StallMap = { format, version, id, title, steps: current.steps, joins: current.joins, waivers: [], comments: [], ...rest };
  if (redesign.steps.length > 0 || notes !== undefined) map.redesign = { ...redesign, ...(notes !== undefined ? { notes } : {}) };
  if (review) {
    map.waivers = review.waivers;
    map.comments = review.comments;
    if (review.assessment) map.assessment = review.assessment;
  }
  return map;
}

/**
 * One state's steps and joins (the current one, or the redesign), each through the schema; joins
 * whose ends are missing are left out too, so the result always passes the schema.
 */
function readState(stepItems: Y.Map<ItemMap>, joinItems: Y.Map<ItemMap>, skipped: SkippedItem[], what = ''): Pick<StallMap, 'steps' | 'joins'> {
  const steps: Step[] = [];
  const kinds = new Map<string, Step['kind']>();
  for (const [id, value] of sortedEntries(stepItems)) {
    const step = readItem('step', `${what}${id}`, value, stepSchema, skipped, id);
    if (step) {
      steps.push(step);
      kinds.set(id, step.kind);
    }
  }
  // A check may name a step someone just deleted: drop the name (on a copy; parsed items are shared).
  steps.forEach((step, i) => {
    if (step.verifies?.some((target) => !kinds.has(target))) steps[i] = { ...step, verifies: step.verifies.filter((t) => kinds.has(t)) };
  });
  const joins: Join[] = [];
  for (const [id, value] of sortedEntries(joinItems)) {
    const join = readItem('join', `${what}${id}`, value, joinSchema, skipped, id);
    if (!join) continue;
    const problem = joinProblem(id, join, kinds);
    if (!problem) joins.push(join);
    else if (!isStepGone(join, kinds)) skipped.push({ kind: 'join', id: `${what}${id}`, reason: problem });
  }
  return { steps, joins };
}

/**
 * Whether a join leads to or from a step that is not there. Editing together leaves such joins
 * (a step's adding undone after a colleague joined to it, a delete while someone drew a join to
 * the step): like a check's name of a removed step, the join is left out, not reported as an
 * item that could not be read, and it is drawn again if its step comes back (a redo).
 */
export const isStepGone = (join: Pick<Join, 'from' | 'to'>, kinds: ReadonlyMap<string, unknown>) => !kinds.has(join.from) || !kinds.has(join.to);

/** Why a join that passed the schema cannot be drawn among these steps (id → kind), or undefined. */
export function joinProblem(id: string, join: Pick<Join, 'from' | 'to'>, kinds: ReadonlyMap<string, Step['kind']>): string | undefined {
  if (kinds.has(id)) return `id '${id}' is also a step`;
  if (!kinds.has(join.from)) return `from: no step '${join.from}'`;
  if (!kinds.has(join.to)) return `to: no step '${join.to}'`;
  if (kinds.get(join.from) === 'end') return 'starts at an end step';
  if (kinds.get(join.to) === 'start') return 'ends at a start step';
  return undefined;
}

export function readReview(review: Y.Doc): { waivers: Waiver[]; comments: Comment[]; assessment?: Assessment; skipped: SkippedItem[] } {
  const skipped: SkippedItem[] = [];
  const waivers: Waiver[] = [];
  const comments: Comment[] = [];
  const assessment: Assessment = {};
  for (const [surface, value] of sortedEntries(assessmentOf(review))) {
    if (!(SURFACE_IDS as readonly string[]).includes(surface)) {
      skipped.push({ kind: 'assessment', id: surface, reason: `not a failure surface (${SURFACE_IDS.join(', ')})` });
      continue;
    }
    const entry = readItem('assessment', surface, value, assessmentEntrySchema, skipped);
    if (entry) assessment[surface as Surface] = entry;
  }
  for (const [key, value] of sortedEntries(waiversOf(review))) {
    const waiver = readItem('waiver', key, value, waiverSchema, skipped);
    // Under another key it would be a second waiver of one finding (the page writes each under waiverKey).
    if (waiver && waiverKey(waiver) !== key) skipped.push({ kind: 'waiver', id: key, reason: `waives ${waiverKey(waiver)}, not what its key names` });
    else if (waiver) waivers.push(waiver);
  }
  for (const [id, value] of sortedEntries(commentsOf(review))) {
    const comment = readItem('comment', id, value, commentSchema, skipped);
    if (comment) comments.push(comment);
  }
  comments.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { waivers, comments, ...(Object.keys(assessment).length ? { assessment } : {}), skipped };
}

function metaText(meta: Y.Map<unknown>, key: string, max: number, skipped: SkippedItem[]): string | undefined {
  const value = meta.get(key);
  if (value === undefined) return undefined;
  const ok = typeof value === 'string' && value.length <= max && (key === 'description' || value.length > 0);
  const valid = ok && (key !== 'id' || /^[A-Za-z0-9_-]{1,64}$/.test(value));
  if (valid) return value;
  skipped.push({ kind: 'meta', id: key, reason: `not valid text (at most ${max} characters)` });
  return undefined;
}

/** readMap's order of ids: by UTF-16 code units, the same on every peer and in every locale. */
export const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Y.Map iteration order depends on insertion history; sorting by id makes every peer read the same map. */
function sortedEntries<T>(map: Y.Map<T>): [string, T][] {
  return [...map.entries()].sort(([a], [b]) => byCodeUnits(a, b));
}
