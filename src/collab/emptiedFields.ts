import * as Y from 'yjs';

type StackItem = Y.UndoManager['undoStack'][number];

/**
 * After `step` was taken back (undone or redone) in `transaction`, gives each field that it had
 * replaced or removed and that now holds no value the value it held before the step. Yjs leaves
 * one empty when a colleague set the same field at the same moment (fieldKeepingUndo.ts). The
 * value from before is the one the step removed that it had not written itself (in a burst of
 * typing, the step writes and removes the values between the first and the last). Only a field
 * with no value is written: a value that shows, a colleague's or anyone's, is never replaced.
 */
export function putBackEmptiedFields(transaction: Y.Transaction, step: StackItem, scope: Y.UndoManager['scope']): void {
  Y.iterateDeletedStructs(transaction, step.deletions, (struct) => {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentAny)) return; // a step or join is put back by Yjs itself
    const key = struct.parentSub;
    if (key === null || !(struct.parent instanceof Y.Map) || Y.isDeleted(step.insertions, struct.id)) return;
    if (!scope.some((type) => type instanceof Y.AbstractType && Y.isParentOf(type, struct))) return;
    const live = liveMap(transaction.doc, struct.parent);
    const value = struct.content.getContent().at(-1);
    if (live && value !== undefined && !live.has(key)) live.set(key, value);
  });
}

/**
 * The map as it is now: itself, or the copy that an undo or redo put in its place (Yjs brings a
 * removed step or join back as a new map); none if it is removed.
 */
function liveMap(doc: Y.Doc, map: Y.Map<unknown>): Y.Map<unknown> | undefined {
  let item = map._item;
  while (item?.redone) item = Y.getItem(doc.store, item.redone) as Y.Item;
  if (!item) return map;
  if (item.deleted || !(item.content instanceof Y.ContentType) || !(item.content.type instanceof Y.Map)) return undefined;
  return item.content.type;
}
