import * as Y from 'yjs';
import { entriesOf, MAX_SHARED_TYPE_DEPTH, type Misfit } from './doc-shape';

/**
 * Deletes each misfit with all it holds, and collects their content, so what is left of them is
 * a deleted range (a few bytes) and no later read, delete or collection recurses into them. Yjs
 * deletes and collects a nested type by recursion, parent first; done here children first, each
 * step finds nothing left below it. Returns how many items were dropped.
 *
 * The deletion is a normal Yjs deletion of the same items, so a client that still holds them
 * drops them too when it syncs.
 */
export function dropMisfits(doc: Y.Doc, misfits: readonly Misfit[], origin: unknown = null): number {
  const order: Y.Item[] = [];
  const stack = outermost(misfits.map((m) => m.item));
  while (stack.length > 0) {
    const item = stack.pop() as Y.Item;
    order.push(item);
    if (item.content instanceof Y.ContentType) for (const entry of entriesOf(item.content.type)) stack.push(entry.item);
  }
  // Every child comes after its parent in `order`: walked backwards, children go first.
  doc.transact((transaction) => {
    for (let i = order.length - 1; i >= 0; i--) if (!order[i].deleted) order[i].delete(transaction);
    for (let i = order.length - 1; i >= 0; i--) order[i].gc(doc.store, false);
  }, origin);
  return order.length;
}

/** The items none of whose ancestors is also given (misfits lie within MAX_SHARED_TYPE_DEPTH of the top, so the walk up is short). */
function outermost(items: Y.Item[]): Y.Item[] {
  const given = new Set(items);
  return [...given].filter((item) => {
    let parent = item.parent;
    for (let hops = 0; parent instanceof Y.AbstractType && parent._item !== null && hops <= MAX_SHARED_TYPE_DEPTH; hops++) {
      if (given.has(parent._item)) return false;
      parent = parent._item.parent;
    }
    return true;
  });
}
