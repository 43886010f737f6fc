import * as Y from 'yjs';
import { type DocShape, MAP_DOC_SHAPE, REVIEW_DOC_SHAPE, type RootKind } from '../../src/collab/doc';
import { MalformedMessage } from './messages';

/**
 * The doc's shape (src/collab/doc.ts), enforced on what is stored: which top-level types a room
 * has, and how deep shared types nest in each (a step is a Y.Map in `steps`; its fields are
 * plain values). Yjs integrates a Y.Map nested 6,000 deep without complaint, but reading it
 * (toJSON), deleting it or collecting it recurses once per level and overflows the stack: stored,
 * it made the map unreadable for good. Every check here walks with a loop and a bound.
 */

/**
 * However a shape reads, no walk up from an item goes further than this (a generic bound, in case
 * a shape is ever wrong). The shapes above nest shared types 2 deep (`steps` > a step).
 */
export const MAX_SHARED_TYPE_DEPTH = 4;

/** Any Y.Map, Y.Array, … (doc.share holds them with this type). */
export type SharedType = Y.Doc['share'] extends Map<string, infer T> ? T : never;

/** Content that is a plain value (what Y.Map.set stores for JSON). */
const isPlain = (content: Y.Item['content']) =>
  content instanceof Y.ContentAny || content instanceof Y.ContentJSON || content instanceof Y.ContentString || content instanceof Y.ContentBinary;

/** A room's shape from its name (server/maps/roles.ts, roomName: a review room is `<map id>/review`; map ids have no `/`). */
export function shapeOfRoom(room: string): DocShape {
  return room.includes('/') ? REVIEW_DOC_SHAPE : MAP_DOC_SHAPE;
}

/**
 * Why `item` cannot be where it is, or undefined if it fits. `kind` is its top-level type's
 * (undefined: a type the doc does not have); `depth` 1 is an entry of the top-level type, 2 an
 * entry of one of its items.
 */
export function misfit(item: Y.Item, kind: RootKind | undefined, depth: number): string | undefined {
  const { content } = item;
  if (content instanceof Y.ContentDeleted) return undefined;
  if (kind === undefined) return 'content in a top-level type the doc does not have';
  if (item.parentSub === null) return 'a list entry where the doc has a map';
  if (kind === 'items' && depth === 1) return content instanceof Y.ContentType && content.type instanceof Y.Map ? undefined : 'an item that is not a Y.Map';
  if (depth > (kind === 'items' ? 2 : 1)) return 'shared types nested deeper than the doc has them';
  if (content instanceof Y.ContentType) return 'a shared type where the doc holds a plain value';
  return isPlain(content) ? undefined : 'content that is not a plain value';
}

/**
 * Where an integrated item sits: its top-level type's kind and its depth, by a walk up that
 * stops past MAX_SHARED_TYPE_DEPTH. `roots` maps each top-level type the shape allows to its kind.
 */
function placeOf(item: Y.Item, roots: Map<SharedType, RootKind>): { kind: RootKind | undefined; depth: number } | 'too deep' {
  let depth = 1;
  let parent = item.parent;
  while (parent instanceof Y.AbstractType && parent._item !== null) {
    depth += 1;
    if (depth > MAX_SHARED_TYPE_DEPTH) return 'too deep';
    parent = parent._item.parent;
  }
  return { kind: parent instanceof Y.AbstractType ? roots.get(parent) : undefined, depth };
}

/** Where an item is, for the log: its top-level type's name and the keys down to it (the item is at most a few levels deep). */
function pathOf(doc: Y.Doc, item: Y.Item): string {
  const keys: string[] = [];
  let at: Y.Item | null = item;
  let root: unknown = item.parent;
  for (let hops = 0; at !== null && hops <= MAX_SHARED_TYPE_DEPTH; hops++) {
    keys.unshift(at.parentSub ?? '[list]');
    root = at.parent;
    at = at.parent instanceof Y.AbstractType ? at.parent._item : null;
  }
  const name = [...doc.share].find(([, type]) => type === root)?.[0] ?? '?';
  return [name, ...keys].join('/');
}

/**
 * What of `update`, just integrated into `doc`, the shape has no room for. Costs the update's
 * size: each struct is found in the doc and walked up at most MAX_SHARED_TYPE_DEPTH levels.
 * `tooDeep`: some item is deeper than that (something above it, here or earlier, is a misfit).
 */
export function misfitsIn(update: Uint8Array, doc: Y.Doc, shape: DocShape): { misfits: Misfit[]; tooDeep: boolean } {
  const structs = Y.decodeUpdate(update).structs;
  const roots = new Map<SharedType, RootKind>();
  for (const [name, kind] of Object.entries(shape)) {
    const root = doc.share.get(name);
    if (root) roots.set(root, kind);
  }
  const misfits: Misfit[] = [];
  let tooDeep = false;
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue;
    const item = Y.getItem(doc.store, struct.id);
    if (!(item instanceof Y.Item)) continue; // collected already: nothing of it is stored
    const place = placeOf(item, roots);
    if (place === 'too deep') tooDeep = true;
    else {
      const reason = misfit(item, place.kind, place.depth);
      if (reason) misfits.push({ item, reason, path: pathOf(doc, item) });
    }
  }
  return { misfits, tooDeep };
}

/**
 * Throws MalformedMessage if `update`, which `doc` has just integrated (the shadow, shadow-doc.ts),
 * put anything where the shape has no room for it.
 */
export function checkDocShape(update: Uint8Array, doc: Y.Doc, shape: DocShape): void {
  let found: ReturnType<typeof misfitsIn>;
  try {
    found = misfitsIn(update, doc, shape);
  } catch {
    throw new MalformedMessage('malformed Yjs update');
  }
  if (found.misfits.length > 0) throw new MalformedMessage(`the doc has no place for this: ${found.misfits[0].reason}`);
  if (found.tooDeep) throw new MalformedMessage(`shared types nest deeper than ${MAX_SHARED_TYPE_DEPTH} levels`);
}

/** Something stored where the shape has no room for it: the item, where it is (top-level type and keys), and why. */
export interface Misfit {
  item: Y.Item;
  path: string;
  reason: string;
}

/**
 * Every misfit in a whole doc (a room as loaded from disk, written before these checks existed),
 * outermost only: what nests inside a misfit goes with it. A loop over an explicit stack, never
 * deeper than the shape.
 */
export function findMisfits(doc: Y.Doc, shape: DocShape): Misfit[] {
  const found: Misfit[] = [];
  const stack: { type: SharedType; kind: RootKind | undefined; depth: number; path: string }[] = [];
  for (const [name, type] of doc.share) stack.push({ type, kind: shape[name], depth: 1, path: name });
  while (stack.length > 0) {
    const { type, kind, depth, path } = stack.pop() as (typeof stack)[number];
    for (const { item, key } of entriesOf(type)) {
      const where = key === null ? path : `${path}/${key}`;
      const reason = misfit(item, kind, depth);
      if (reason) found.push({ item, path: where, reason });
      else if (item.content instanceof Y.ContentType) stack.push({ type: item.content.type, kind, depth: depth + 1, path: where });
    }
  }
  return found;
}

/** Every item directly in `type`: each key's current and overwritten values, and any list entries. */
export function* entriesOf(type: SharedType): Generator<{ item: Y.Item; key: string | null }> {
  for (const [key, last] of type._map) for (let item: Y.Item | null = last; item !== null; item = item.left) yield { item, key };
  for (let item = type._start; item !== null; item = item.right) yield { item, key: null };
}
