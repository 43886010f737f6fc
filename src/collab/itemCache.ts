import type * as Y from 'yjs';
import { joinsOf, stepsOf, type ItemCache } from './doc';

/**
 * An ItemCache kept true for one doc: whenever a step or join changes, however deep inside it,
 * its parsed copy is forgotten, so the next read parses it again and reuses everything else.
 */
export function watchedItemCache(doc: Y.Doc): { cache: ItemCache; dispose(): void } {
  const cache: ItemCache = new WeakMap();
  const forgetIn = (items: Y.Map<Y.Map<unknown>>) => (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    // path[0] is the changed item's id; an empty path is an item added or removed, which is new anyway.
    for (const event of events) {
      const item = event.path.length ? items.get(String(event.path[0])) : undefined;
      if (item) cache.delete(item);
    }
  };
  const watched = [stepsOf(doc), joinsOf(doc)].map((items) => ({ items, forget: forgetIn(items) }));
  for (const { items, forget } of watched) items.observeDeep(forget);
  return {
    cache,
    dispose: () => {
      for (const { items, forget } of watched) items.unobserveDeep(forget);
    },
  };
}
